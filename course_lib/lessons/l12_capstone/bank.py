"""Known-wrong and alternative answers for lesson 12 (see course_lib/checks/README.md).

WRONG: >= 4 per exercise, (source, fragment of the expected feedback). ALTERNATIVES: >= 3 correct
answers per exercise, in styles unlike the solution.
"""

_MAILER_IMPORTS = """
from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from course_lib.shop.db import ProcessedEventRow
from course_lib.shop.returns import refund_mail
"""

_NOTE_IMPORTS = """
import os
import shutil
import tempfile
from pathlib import Path
from course_lib.shop.files.atomic import atomic_write, atomic_write_text
from course_lib.shop.returns import credit_note_name, credit_note_text
"""

_FILE_TESTS = """
from datetime import UTC, datetime
import pytest
from course_lib.shop.returns import CreditNote, credit_note_text

NOTE = CreditNote(42, 17, 2500, datetime(2026, 3, 29, tzinfo=UTC))
"""

_GIVEN_FILE_TEST = """
def test_note_is_named_by_its_number(write_note, tmp_path):
    path = write_note(tmp_path, NOTE)
    assert path == tmp_path / "credit-note-000042.txt"
    assert path.is_file()
"""

_SHOP = """
import pytest

def returns(shop, order_id):
    return shop.client.post(f"/orders/{order_id}/returns")
"""

_GIVEN_SHOP_TEST = """
def test_return_refunds_and_restocks(shop):
    order_id = shop.paid_order(quantity=2, price_cents=1250, stock=5)
    sku = shop.sku_of(order_id)
    answer = returns(shop, order_id)
    assert answer.status_code == 201
    assert answer.get_json()["amount_cents"] == 2500
    assert shop.refunds == [(order_id, 2500)]
    assert (shop.status(order_id), shop.stock(sku)) == ("returned", 7)
"""

WRONG = {
    "12.1": [
        (  # the worked example hard-coded: True, and nothing sent
            "def handle_refund_event(session, sender, event):\n    return True\n",
            "A first delivery",
        ),
        (  # no claim at all: every delivery mails
            _MAILER_IMPORTS + "def handle_refund_event(session, sender, event):\n"
            "    sender.send(*refund_mail(event))\n"
            "    return True\n",
            "delivered again",
        ),
        (  # commits the claim itself
            _MAILER_IMPORTS + "def handle_refund_event(session, sender, event):\n"
            "    row = session.execute(insert(ProcessedEventRow).values(consumer='refund-mailer',"
            " event_id=event['event_id']).on_conflict_do_nothing()"
            ".returning(ProcessedEventRow.event_id)).first()\n"
            "    session.commit()\n"
            "    if row is None:\n"
            "        return False\n"
            "    sender.send(*refund_mail(event))\n"
            "    return True\n",
            "No commit inside",
        ),
        (  # any consumer's row counts as handled
            _MAILER_IMPORTS + "def handle_refund_event(session, sender, event):\n"
            "    seen = session.scalar(select(ProcessedEventRow).where("
            "ProcessedEventRow.event_id == event['event_id']))\n"
            "    if seen is not None:\n"
            "        return False\n"
            "    session.add(ProcessedEventRow(consumer='refund-mailer', "
            "event_id=event['event_id']))\n"
            "    session.flush()\n"
            "    sender.send(*refund_mail(event))\n"
            "    return True\n",
            "Another consumer",
        ),
        (
            "def handle_refund_event(session, sender, event):\n    raise NotImplementedError\n",
            "not done yet",
        ),
    ],
    "12.2": [
        (  # the platform's code page instead of UTF-8
            _NOTE_IMPORTS + "def write_credit_note(directory, note):\n"
            "    path = Path(directory) / credit_note_name(note.number)\n"
            "    if path.exists():\n"
            "        raise FileExistsError(path)\n"
            "    return atomic_write_text(path, credit_note_text(note), encoding='cp1252')\n",
            "UTF-8",
        ),
        (  # atomic, but over an existing note
            _NOTE_IMPORTS + "def write_credit_note(directory, note):\n"
            "    path = Path(directory) / credit_note_name(note.number)\n"
            "    return atomic_write_text(path, credit_note_text(note))\n",
            "A note with that number exists",
        ),
        (  # a temporary file copied into place and left behind
            _NOTE_IMPORTS + "def write_credit_note(directory, note):\n"
            "    path = Path(directory) / credit_note_name(note.number)\n"
            "    if path.exists():\n"
            "        raise FileExistsError(path)\n"
            "    tmp = path.with_suffix('.tmp')\n"
            "    tmp.write_text(credit_note_text(note), encoding='utf-8')\n"
            "    shutil.copyfile(tmp, path)\n"
            "    return path\n",
            "Nothing but the note",
        ),
        (  # the number not padded
            _NOTE_IMPORTS + "def write_credit_note(directory, note):\n"
            "    path = Path(directory) / f'credit-note-{note.number}.txt'\n"
            "    if path.exists():\n"
            "        raise FileExistsError(path)\n"
            "    return atomic_write_text(path, credit_note_text(note), encoding='utf-8')\n",
            "credit-note-000042.txt",
        ),
        (  # the worked example hard-coded
            _NOTE_IMPORTS + "def write_credit_note(directory, note):\n"
            "    path = Path(directory) / 'credit-note-000042.txt'\n"
            "    return atomic_write_text(path, credit_note_text(note), encoding='utf-8')\n",
            "A note with that number exists",
        ),
    ],
    "12.3": [
        (_FILE_TESTS + _GIVEN_FILE_TEST, "caught 0 of 4"),
        (
            _FILE_TESTS + "def test_written(write_note, tmp_path):\n"
            "    path = write_note(tmp_path, NOTE)\n"
            "    assert 'Refund' in path.read_text(encoding='utf-8')\n",
            "missed",
        ),
        (  # expects a rewrite to succeed: fails on the correct writer
            _FILE_TESTS + "def test_rewrite(write_note, tmp_path):\n"
            "    write_note(tmp_path, NOTE)\n"
            "    path = write_note(tmp_path, NOTE)\n"
            "    assert path.read_bytes() == credit_note_text(NOTE).encode('utf-8')\n",
            "fails on the correct implementation",
        ),
        (
            _FILE_TESTS + "def test_runs(write_note, tmp_path):\n    write_note(tmp_path, NOTE)\n",
            "caught 0 of 4",
        ),
        ("def test_todo(write_note):\n    raise NotImplementedError\n", "not done yet"),
    ],
    "12.4": [
        (_SHOP + _GIVEN_SHOP_TEST, "Missed bugs come from lessons"),
        (  # only the happy path, loosely
            _SHOP + "def test_return(shop):\n"
            "    order_id = shop.paid_order()\n"
            "    assert returns(shop, order_id).status_code in (200, 201)\n"
            "    assert shop.status(order_id) == 'returned'\n",
            "missed",
        ),
        (  # expects 200 for a new return: fails on the correct API
            _SHOP + "def test_return(shop):\n"
            "    assert returns(shop, shop.paid_order()).status_code == 200\n",
            "fails on the correct implementation",
        ),
        (
            _SHOP + "def test_shop(shop):\n    assert shop.paid_order() > 0\n",
            "caught 0 of 10",
        ),
        ("def test_todo(shop):\n    raise NotImplementedError\n", "not done yet"),
    ],
}

ALTERNATIVES = {
    "12.1": [
        (  # raw SQL, ON CONFLICT written out
            _MAILER_IMPORTS + "def handle_refund_event(session, sender, event):\n"
            "    claimed = session.execute(text(\n"
            "        'INSERT INTO processed_events (consumer, event_id) '\n"
            "        'VALUES (:c, :e) ON CONFLICT DO NOTHING RETURNING event_id'),\n"
            "        {'c': 'refund-mailer', 'e': event['event_id']}).first()\n"
            "    if not claimed:\n"
            "        return False\n"
            "    to, subject, body = refund_mail(event)\n"
            "    sender.send(to, subject, body)\n"
            "    return True\n"
        ),
        (  # a SAVEPOINT around the insert, the primary key refusing a second claim
            _MAILER_IMPORTS + "class _Mailer:\n"
            "    def __init__(self, session, sender):\n"
            "        self.session, self.sender = session, sender\n"
            "    def claim(self, event_id):\n"
            "        try:\n"
            "            with self.session.begin_nested():\n"
            "                self.session.add(ProcessedEventRow(consumer='refund-mailer',"
            " event_id=event_id))\n"
            "        except IntegrityError:\n"
            "            return False\n"
            "        return True\n"
            "    def __call__(self, event):\n"
            "        if not self.claim(event['event_id']):\n"
            "            return False\n"
            "        self.sender.send(*refund_mail(event))\n"
            "        return True\n"
            "def handle_refund_event(session, sender, event):\n"
            "    return _Mailer(session, sender)(event)\n"
        ),
        (  # the ORM's insert with an explicit conflict target, mail composed by hand
            _MAILER_IMPORTS + "def handle_refund_event(session, sender, event):\n"
            "    statement = insert(ProcessedEventRow).values(\n"
            "        consumer='refund-mailer', event_id=event['event_id'])\n"
            "    statement = statement.on_conflict_do_nothing(\n"
            "        index_elements=['consumer', 'event_id'])\n"
            "    result = session.execute(statement.returning(ProcessedEventRow.consumer))\n"
            "    if result.scalar() is None:\n"
            "        return False\n"
            "    euros, cents = divmod(event['amount_cents'], 100)\n"
            "    order = event['order_id']\n"
            "    sender.send(event['email'], f'Refund for order {order}',\n"
            "                f'We refunded €{euros}.{cents:02d} for order {order}.\\n')\n"
            "    return True\n"
        ),
    ],
    "12.2": [
        (  # O_EXCL temporary file, then a hard link: refuses an existing note atomically
            _NOTE_IMPORTS + "def write_credit_note(directory, note):\n"
            "    path = Path(directory) / credit_note_name(note.number)\n"
            "    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix='.note-')\n"
            "    try:\n"
            "        with os.fdopen(fd, 'wb') as file:\n"
            "            file.write(credit_note_text(note).encode('utf-8'))\n"
            "            file.flush()\n"
            "            os.fsync(file.fileno())\n"
            "        os.link(tmp, path)\n"
            "    finally:\n"
            "        os.unlink(tmp)\n"
            "    return path\n"
        ),
        (  # NamedTemporaryFile + os.replace by hand
            _NOTE_IMPORTS + "def write_credit_note(directory, note):\n"
            "    folder = Path(directory)\n"
            "    target = folder / credit_note_name(note.number)\n"
            "    if target.exists():\n"
            "        raise FileExistsError(str(target))\n"
            "    with tempfile.NamedTemporaryFile('w', encoding='utf-8', dir=folder,\n"
            "                                     delete=False, suffix='.part') as file:\n"
            "        file.write(credit_note_text(note))\n"
            "    os.replace(file.name, target)\n"
            "    return target\n"
        ),
        (  # a small class over atomic_write with a callback
            _NOTE_IMPORTS + "class _Notes:\n"
            "    def __init__(self, folder):\n"
            "        self.folder = Path(folder)\n"
            "    def write(self, note):\n"
            "        target = self.folder.joinpath(credit_note_name(note.number))\n"
            "        if target.is_file():\n"
            "            raise FileExistsError(target.name)\n"
            "        text = credit_note_text(note)\n"
            "        return atomic_write(target, lambda f: f.write(text), encoding='utf-8')\n"
            "def write_credit_note(directory, note):\n"
            "    return _Notes(directory).write(note)\n"
        ),
    ],
    "12.3": [
        (  # a class with a fixture of its own
            _FILE_TESTS + "class TestCreditNote:\n"
            "    @pytest.fixture\n"
            "    def path(self, write_note, tmp_path):\n"
            "        return write_note(tmp_path, NOTE)\n"
            "    def test_bytes(self, path):\n"
            "        assert path.read_bytes() == credit_note_text(NOTE).encode('utf-8')\n"
            "    def test_folder(self, path):\n"
            "        assert sorted(p.name for p in path.parent.iterdir()) == [path.name]\n"
            "    def test_no_rewrite(self, write_note, path):\n"
            "        with pytest.raises(FileExistsError):\n"
            "            write_note(path.parent, NOTE)\n"
        ),
        (  # parametrized over amounts, the existing note made by hand
            _FILE_TESTS + "@pytest.mark.parametrize(('cents', 'shown'), "
            "[(2500, '€25.00'), (1, '€0.01'), (123456, '€1234.56')])\n"
            "def test_amount(write_note, tmp_path, cents, shown):\n"
            "    note = CreditNote(7, 1, cents, NOTE.issued_at)\n"
            "    data = write_note(tmp_path, note).read_bytes()\n"
            "    assert f'Refund: {shown}'.encode('utf-8') in data\n"
            "    assert len(list(tmp_path.iterdir())) == 1\n"
            "def test_existing(write_note, tmp_path):\n"
            "    (tmp_path / 'credit-note-000042.txt').write_bytes(b'old')\n"
            "    with pytest.raises(FileExistsError):\n"
            "        write_note(tmp_path, NOTE)\n"
            "    assert (tmp_path / 'credit-note-000042.txt').read_bytes() == b'old'\n"
        ),
        (  # os.listdir and a decode with errors='strict'
            _FILE_TESTS + "import os\n"
            "@pytest.fixture\n"
            "def folder(tmp_path):\n"
            "    sub = tmp_path / 'notes'\n"
            "    sub.mkdir()\n"
            "    return sub\n"
            "def test_everything(write_note, folder):\n"
            "    path = write_note(folder, NOTE)\n"
            "    assert os.listdir(folder) == ['credit-note-000042.txt']\n"
            "    text = path.read_bytes().decode('utf-8', errors='strict')\n"
            "    assert text.splitlines()[-1] == 'Refund: €25.00'\n"
            "    try:\n"
            "        write_note(folder, NOTE)\n"
            "    except FileExistsError:\n"
            "        pass\n"
            "    else:\n"
            "        raise AssertionError('a note was rewritten')\n"
        ),
    ],
    "12.4": [
        (  # a class: one returned order per test from a fixture
            _SHOP + "class TestReturn:\n"
            "    @pytest.fixture\n"
            "    def order_id(self, shop):\n"
            "        return shop.paid_order(quantity=3, price_cents=999, stock=1)\n"
            "    @pytest.fixture\n"
            "    def answer(self, shop, order_id):\n"
            "        shop.get_order(order_id)\n"
            "        return returns(shop, order_id)\n"
            "    def test_created(self, answer):\n"
            "        assert answer.status_code == 201\n"
            "    def test_layers(self, shop, order_id, answer):\n"
            "        assert shop.refunds == [(order_id, 2997)]\n"
            "        assert shop.stock(shop.sku_of(order_id)) == 4\n"
            "        assert shop.get_order(order_id).status == 'returned'\n"
            "    def test_note(self, shop, answer):\n"
            "        note = shop.credit_note(answer.get_json()['id']).read_bytes().decode()\n"
            "        assert 'Refund: €29.97' in note and '2026-03-29' in note\n"
            "    def test_again(self, shop, order_id, answer):\n"
            "        assert returns(shop, order_id).status_code == 409\n"
            "        assert len(shop.refunds) == 1\n"
            "    def test_mail_once(self, shop, answer):\n"
            "        [event] = shop.events()\n"
            "        shop.deliver(event)\n"
            "        shop.deliver(dict(event))\n"
            "        assert len(shop.mails) == 1\n"
            "def test_failure(shop):\n"
            "    order_id = shop.paid_order(stock=2)\n"
            "    shop.gateway.fail()\n"
            "    assert returns(shop, order_id).status_code == 503\n"
            "    assert shop.status(order_id) == 'paid'\n"
            "    assert shop.stock(shop.sku_of(order_id)) == 2\n"
            "def test_pages(shop):\n"
            "    made = [returns(shop, shop.paid_order()).get_json()['id'] for _ in range(2)]\n"
            "    seen = [shop.client.get(f'/returns?page={p}&per_page=1').get_json()['items']"
            " for p in (1, 2)]\n"
            "    assert [items[0]['id'] for items in seen] == made\n"
        ),
        (  # parametrized over the layers of one happy return
            _SHOP + "@pytest.fixture\n"
            "def done(shop):\n"
            "    order_id = shop.paid_order()\n"
            "    before = shop.get_order(order_id).status\n"
            "    answer = returns(shop, order_id)\n"
            "    return shop, order_id, before, answer\n"
            "CHECKS = {\n"
            "    'api': lambda s, o, b, a: a.status_code == 201,\n"
            "    'clock': lambda s, o, b, a: a.get_json()['created_at'] == s.now.isoformat(),\n"
            "    'provider': lambda s, o, b, a: s.refunds == [(o, 2500)],\n"
            "    'cache': lambda s, o, b, a: (b, s.get_order(o).status) == ('paid', 'returned'),\n"
            "    'file': lambda s, o, b, a: 'Refund: €25.00' in "
            "s.credit_note(a.get_json()['id']).read_text(encoding='utf-8'),\n"
            "}\n"
            "@pytest.mark.parametrize('layer', sorted(CHECKS))\n"
            "def test_layer(done, layer):\n"
            "    assert CHECKS[layer](*done)\n"
            "@pytest.mark.parametrize('second', [409])\n"
            "def test_second(shop, second):\n"
            "    order_id = shop.paid_order()\n"
            "    returns(shop, order_id)\n"
            "    assert returns(shop, order_id).status_code == second\n"
            "def test_outage(shop):\n"
            "    order_id = shop.paid_order(stock=3)\n"
            "    shop.gateway.fail()\n"
            "    assert returns(shop, order_id).status_code == 503\n"
            "    assert shop.stock(shop.sku_of(order_id)) == 3\n"
            "    assert shop.refunds == []\n"
            "def test_redelivery(shop):\n"
            "    returns(shop, shop.paid_order())\n"
            "    event = shop.events()[0]\n"
            "    assert [shop.deliver(event), shop.deliver(event)] == [True, False]\n"
            "def test_paging(shop):\n"
            "    ids = [returns(shop, shop.paid_order()).get_json()['id'] for _ in range(3)]\n"
            "    got = []\n"
            "    for page in (1, 2):\n"
            "        query = {'page': page, 'per_page': 2}\n"
            "        body = shop.client.get('/returns', query_string=query)\n"
            "        got += [r['id'] for r in body.get_json()['items']]\n"
            "    assert got == ids\n"
        ),
        (  # helper fixtures: the note read from the folder, the mailer's side by event
            _SHOP + "@pytest.fixture\n"
            "def returned(shop):\n"
            "    def make(**order):\n"
            "        order_id = shop.paid_order(**order)\n"
            "        answer = returns(shop, order_id)\n"
            "        assert answer.status_code == 201, answer.get_json()\n"
            "        return order_id, answer.get_json()\n"
            "    return make\n"
            "def test_note_from_folder(shop, returned):\n"
            "    _, body = returned(quantity=1, price_cents=500)\n"
            "    [note] = list(shop.credit_dir.iterdir())\n"
            "    text = note.read_text(encoding='utf-8')\n"
            "    assert 'Refund: €5.00' in text and 'Date: 2026-03-29' in text\n"
            "def test_everything_after(shop, returned):\n"
            "    order_id = shop.paid_order(quantity=1, price_cents=700, stock=0)\n"
            "    assert shop.get_order(order_id).status == 'paid'\n"
            "    assert returns(shop, order_id).status_code == 201\n"
            "    assert shop.get_order(order_id).status == 'returned'\n"
            "    assert shop.refunds == [(order_id, 700)]\n"
            "    assert returns(shop, order_id).status_code == 409\n"
            "    assert shop.stock(shop.sku_of(order_id)) == 1\n"
            "def test_mail(shop, returned):\n"
            "    order_id, _ = returned()\n"
            "    for event in shop.events() * 2:\n"
            "        shop.deliver(event)\n"
            "    assert len(shop.mails) == 1\n"
            "def test_provider_down(shop):\n"
            "    order_id = shop.paid_order()\n"
            "    shop.gateway.fail()\n"
            "    assert returns(shop, order_id).status_code == 503\n"
            "    shop.gateway.recover()\n"
            "    assert returns(shop, order_id).status_code == 201\n"
            "def test_pages(shop, returned):\n"
            "    ids = [returned()[1]['id'] for _ in range(3)]\n"
            "    page = shop.client.get('/returns?page=2&per_page=2').get_json()\n"
            "    assert [r['id'] for r in page['items']] == ids[2:] and page['total'] == 3\n"
            "    assert returned()[1]['created_at'] == shop.now.isoformat()\n"
        ),
    ],
}
