"""Known-wrong and alternative answers for lesson 07 (files)."""

_ATOMIC = """\
import os, tempfile
from pathlib import Path

def atomic_write_text(path, text):
    target = Path(path)
    fd, tmp = tempfile.mkstemp({where})
    try:
        with os.fdopen(fd, "w", encoding={encoding}) as file:
            file.write(text)
            file.flush()
            {sync}
        os.replace(tmp, target)
    except BaseException:
        {cleanup}
        raise
"""


def _atomic(
    where="dir=target.parent",
    encoding='"utf-8"',
    sync="os.fsync(file.fileno())",
    cleanup="os.remove(tmp)",
) -> str:
    """The solution with one piece swapped for a plausible mistake."""
    return _ATOMIC.format(where=where, encoding=encoding, sync=sync, cleanup=cleanup)


_SAFE = """\
import os
from pathlib import Path

def safe_path(root, name):
    {guard}
    base = {base}
    path = {path}
    if {refuse}:
        raise ValueError(name)
    return path
"""


def _safe(
    guard="if not name or Path(name).is_absolute(): raise ValueError(name)",
    base="Path(root).resolve()",
    path="(base / name).resolve()",
    refuse="path == base or not path.is_relative_to(base)",
) -> str:
    """The solution with one piece swapped for a plausible mistake."""
    return _SAFE.format(guard=guard, base=base, path=path, refuse=refuse)


_STORE_GIVEN = """\
def test_save_then_read(store):
    store.save("a.txt", "Café\\n")
    assert store.read("a.txt") == "Café\\n"
"""

_FILES_IMPORTS = """\
import csv, gc, warnings
import pytest
from course_lib.shop.errors import InvalidInput

def write_csv(path, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as file:
        csv.writer(file).writerows([["sku", "name", "price_cents", "stock"], *rows])
    return path
"""

WRONG = {
    "07.1": [
        (  # in place: open(path, "w") empties the file first
            "from pathlib import Path\n"
            "def atomic_write_text(path, text):\n"
            "    Path(path).write_text(text, encoding='utf-8')\n",
            "expected the old text to survive",
        ),
        (_atomic(where=""), "expected the temporary file next to the target"),  # system /tmp
        (_atomic(cleanup="pass"), "remove the temporary file when writing fails"),
        (_atomic(sync="pass"), "expected os.fsync"),
        (_atomic(encoding='"latin-1"'), "expected the UTF-8 bytes"),
        (  # encodes first (so a bad text fails early), then still writes in place
            "def atomic_write_text(path, text):\n"
            "    data = text.encode('utf-8')\n"
            "    with open(path, 'wb') as file:\n"
            "        file.write(data)\n",
            "expected os.replace(temporary, path) to be called",
        ),
        (  # the workbook's worked example, hard-coded
            "from pathlib import Path\n"
            "def atomic_write_text(path, text):\n"
            "    Path(path).write_text('Mug 12.50\\n', encoding='utf-8')\n",
            "expected the UTF-8 bytes",
        ),
    ],
    "07.2": [
        (  # no check at all
            "from pathlib import Path\ndef safe_path(root, name):\n    return Path(root) / name\n",
            "expected ValueError for '../secret.txt'",
        ),
        (  # a string prefix is not a folder
            _safe(refuse="path == base or not str(path).startswith(str(base))"),
            "is_relative_to, not strings with startswith",
        ),
        (  # normpath does not follow links
            _safe(path="Path(os.path.normpath(base / name))"),
            "resolve() the path before comparing",
        ),
        (  # refuses every '..', even inside a file name
            _safe(
                guard="if not name or Path(name).is_absolute() or '..' in name: "
                "raise ValueError(name)"
            ),
            "safe_path(root, 'v1..2.txt')",
        ),
        (  # resolve() alone lets an absolute name that points inside through
            _safe(guard="if not name: raise ValueError(name)"),
            "names must be relative to the root",
        ),
        (  # the root is used as given: a relative root gives a relative path
            _safe(base="Path(root)", path="base / name", refuse="'..' in Path(name).parts"),
            "expected an absolute path",
        ),
        (  # the workbook's worked example, hard-coded
            "from pathlib import Path\n"
            "def safe_path(root, name):\n"
            "    if name == '../secret.txt':\n"
            "        raise ValueError(name)\n"
            "    return (Path(root) / name).resolve()\n",
            "expected ValueError for 'reports/../../secret.txt'",
        ),
    ],
    "07.3": [
        (_STORE_GIVEN, "caught 0 of 5"),
        (  # a folder counted as a file
            "def test_listing(store):\n"
            "    store.save('reports/may.csv', 'x')\n"
            "    assert store.list_files() == ['reports', 'reports/may.csv']\n",
            "fails on the correct implementation",
        ),
        (  # a missing file is not None either
            "def test_missing(store):\n    assert store.read('missing.txt') is None\n",
            "fails on the correct implementation",
        ),
        (  # only the easy two
            "import pytest\n"
            "def test_escape(store):\n"
            "    with pytest.raises(ValueError):\n"
            "        store.save('../x.txt', 'x')\n"
            "def test_missing(store):\n"
            "    with pytest.raises(FileNotFoundError):\n"
            "        store.read('missing.txt')\n",
            "caught 2 of 5",
        ),
        (  # one folder deep only: mkdir without parents=True still works there
            "def test_listing(store):\n"
            "    store.save('b.txt', '2')\n"
            "    store.save('a.txt', '1')\n"
            "    assert store.list_files() == ['a.txt', 'b.txt']\n",
            "caught none of the bugs",
        ),
        ("def test_todo(store):\n    raise NotImplementedError\n", "not done yet"),
    ],
    "07.4": [
        (  # ASCII only: every variant passes
            _FILES_IMPORTS + "def test_round_trip(product_files, tmp_path):\n"
            "    product_files.add('A1', 'Mug', 1250, stock=3)\n"
            "    product_files.export(tmp_path / 'p.csv')\n"
            "    assert product_files.load(tmp_path / 'p.csv') == 1\n"
            "    assert product_files.products() == [('A1', 'Mug', 1250, 3)]\n",
            "caught none of the bugs",
        ),
        (  # the stock of a known product is kept, not overwritten by the file
            _FILES_IMPORTS + "def test_update(product_files, tmp_path):\n"
            "    product_files.add('A1', 'Mug', 1250, stock=3)\n"
            "    write_csv(tmp_path / 'p.csv', [['A1', 'Mug', '1300', '9']])\n"
            "    product_files.load(tmp_path / 'p.csv')\n"
            "    assert product_files.products() == [('A1', 'Mug', 1300, 9)]\n",
            "fails on the correct implementation",
        ),
        (  # a ResourceWarning is what must NOT happen
            _FILES_IMPORTS + "def test_warns(product_files, tmp_path):\n"
            "    with pytest.warns(ResourceWarning):\n"
            "        product_files.export(tmp_path / 'p.csv')\n"
            "        gc.collect()\n",
            "fails on the correct implementation",
        ),
        (  # a bad row raises, but nobody looks at what was stored
            _FILES_IMPORTS + "def test_bad_row(product_files, tmp_path):\n"
            "    rows = [['A1', 'Mug', '1250', '1'], ['B2', 'Pen', 'x', '1']]\n"
            "    write_csv(tmp_path / 'p.csv', rows)\n"
            "    with pytest.raises(InvalidInput):\n"
            "        product_files.load(tmp_path / 'p.csv')\n"
            "def test_accents(product_files, tmp_path):\n"
            "    product_files.add('A1', 'Café', 1250)\n"
            "    product_files.export(tmp_path / 'p.csv')\n"
            "    assert 'Café' in (tmp_path / 'p.csv').read_text(encoding='utf-8')\n",
            "caught 1 of 5",
        ),
        ("def test_todo(product_files):\n    raise NotImplementedError\n", "not done yet"),
    ],
}

ALTERNATIVES = {
    "07.1": [
        (  # NamedTemporaryFile and Path.replace, cleanup in finally
            "import os, tempfile\n"
            "from pathlib import Path\n"
            "def atomic_write_text(path, text):\n"
            "    target = Path(path)\n"
            "    tmp = tempfile.NamedTemporaryFile('w', encoding='utf-8', dir=target.parent,\n"
            "                                      delete=False, suffix='.part')\n"
            "    done = False\n"
            "    try:\n"
            "        with tmp:\n"
            "            tmp.write(text)\n"
            "            tmp.flush()\n"
            "            os.fsync(tmp.fileno())\n"
            "        Path(tmp.name).replace(target)\n"
            "        done = True\n"
            "    finally:\n"
            "        if not done:\n"
            "            Path(tmp.name).unlink(missing_ok=True)\n"
        ),
        (  # a small context-manager class
            "import os, uuid\n"
            "from pathlib import Path\n"
            "class AtomicFile:\n"
            "    def __init__(self, path):\n"
            "        self.path = Path(path)\n"
            "        self.tmp = self.path.with_name(f'.{self.path.name}.{uuid.uuid4().hex}')\n"
            "    def __enter__(self):\n"
            "        self.file = open(self.tmp, 'x', encoding='utf-8')\n"
            "        return self.file\n"
            "    def __exit__(self, kind, error, tb):\n"
            "        try:\n"
            "            if kind is None:\n"
            "                self.file.flush()\n"
            "                os.fsync(self.file.fileno())\n"
            "        finally:\n"
            "            self.file.close()\n"
            "        if kind is None:\n"
            "            os.replace(self.tmp, self.path)\n"
            "        else:\n"
            "            self.tmp.unlink()\n"
            "def atomic_write_text(path, text):\n"
            "    with AtomicFile(path) as file:\n"
            "        file.write(text)\n"
        ),
        (  # bytes and low-level os calls; encoding first means a bad text creates nothing
            "import os\n"
            "def atomic_write_text(path, text):\n"
            "    data = text.encode('utf-8')\n"
            "    folder = os.path.dirname(os.path.abspath(path))\n"
            "    tmp = os.path.join(folder, f'.tmp-{os.getpid()}-{os.path.basename(path)}')\n"
            "    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)\n"
            "    try:\n"
            "        view = memoryview(data)\n"
            "        while view:\n"
            "            view = view[os.write(fd, view):]\n"
            "        os.fsync(fd)\n"
            "    finally:\n"
            "        os.close(fd)\n"
            "    os.rename(tmp, path)\n"
        ),
    ],
    "07.2": [
        (  # os.path: realpath and commonpath
            "import os\n"
            "def safe_path(root, name):\n"
            "    if name in ('', '.') or os.path.isabs(name):\n"
            "        raise ValueError(f'bad name {name!r}')\n"
            "    base = os.path.realpath(root)\n"
            "    full = os.path.realpath(os.path.join(base, name))\n"
            "    if full == base or os.path.commonpath([base, full]) != base:\n"
            "        raise ValueError(f'{name!r} is outside {root}')\n"
            "    return full\n"
        ),
        (  # relative_to raises ValueError by itself
            "from pathlib import Path, PurePath\n"
            "def safe_path(root, name):\n"
            "    if PurePath(name).is_absolute():\n"
            "        raise ValueError('absolute name')\n"
            "    base = Path(root).resolve()\n"
            "    path = base.joinpath(name).resolve()\n"
            "    if not path.relative_to(base).parts:\n"
            "        raise ValueError('the root itself')\n"
            "    return path\n"
        ),
        (  # a class that remembers the root
            "from pathlib import Path\n"
            "class Jail:\n"
            "    def __init__(self, root):\n"
            "        self.base = Path(root).resolve()\n"
            "    def __call__(self, name):\n"
            "        if not name or Path(name).anchor:\n"
            "            raise ValueError(name)\n"
            "        path = (self.base / name).resolve()\n"
            "        if self.base not in path.parents:\n"
            "            raise ValueError(name)\n"
            "        return path\n"
            "def safe_path(root, name):\n"
            "    return Jail(root)(name)\n"
        ),
    ],
    "07.3": [
        (  # a class, with the given starter test among its methods
            "import pytest\n"
            "class TestFileStore:\n"
            "    def test_save_then_read(self, store):\n"
            "        store.save('a.txt', 'x')\n"
            "        assert store.read('a.txt') == 'x'\n"
            "    def test_escape(self, store):\n"
            "        with pytest.raises(ValueError):\n"
            "            store.save('../../x.txt', 'x')\n"
            "    def test_deep_names_and_listing(self, store):\n"
            "        store.save('z/y/x.txt', '1')\n"
            "        store.save('a.txt', '2')\n"
            "        assert store.list_files() == ['a.txt', 'z/y/x.txt']\n"
            "    def test_failed_save(self, store):\n"
            "        store.save('a.txt', 'old')\n"
            "        with pytest.raises(UnicodeError):\n"
            "            store.save('a.txt', '\\udfff')\n"
            "        assert (store.root / 'a.txt').read_text(encoding='utf-8') == 'old'\n"
            "    def test_missing(self, store):\n"
            "        with pytest.raises(FileNotFoundError):\n"
            "            store.read('nope')\n"
        ),
        (  # parametrized bad names, a helper fixture holding saved files
            "import pytest\n"
            "@pytest.fixture\n"
            "def filled(store):\n"
            "    for name in ['b.txt', 'docs/2026/a.md', 'a.txt']:\n"
            "        store.save(name, name.upper())\n"
            "    return store\n"
            "@pytest.mark.parametrize('name', ['../x', 'docs/../../x', '/tmp/x'])\n"
            "def test_refuses(filled, name):\n"
            "    with pytest.raises(ValueError):\n"
            "        filled.save(name, 'x')\n"
            "def test_listing(filled):\n"
            "    assert filled.list_files() == ['a.txt', 'b.txt', 'docs/2026/a.md']\n"
            "def test_read_back(filled):\n"
            "    assert filled.read('docs/2026/a.md') == 'DOCS/2026/A.MD'\n"
            "def test_crash_keeps_old(filled):\n"
            "    with pytest.raises(UnicodeEncodeError):\n"
            "        filled.save('b.txt', 'half\\ud800')\n"
            "    assert filled.read('b.txt') == 'B.TXT'\n"
            "def test_gone_after_delete(filled):\n"
            "    filled.delete('b.txt')\n"
            "    with pytest.raises(FileNotFoundError):\n"
            "        filled.read('b.txt')\n"
        ),
        (  # one long scenario test per area, checking the disk directly
            "import pytest\n"
            "def test_paths(store, tmp_path):\n"
            "    with pytest.raises(ValueError, match='outside'):\n"
            "        store.save('../evil.txt', 'x')\n"
            "    assert not (tmp_path / 'evil.txt').exists()\n"
            "    store.save('q/r/s.txt', 's')\n"
            "    assert (store.root / 'q' / 'r' / 's.txt').is_file()\n"
            "    assert store.list_files() == ['q/r/s.txt']\n"
            "def test_contents(store):\n"
            "    store.save('n.txt', 'one')\n"
            "    try:\n"
            "        store.save('n.txt', 'two\\ud800')\n"
            "    except UnicodeEncodeError:\n"
            "        pass\n"
            "    assert store.read('n.txt') == 'one'\n"
            "    assert pytest.raises(FileNotFoundError, store.read, 'm.txt')\n"
        ),
    ],
    "07.4": [
        (  # a class sharing a helper
            _FILES_IMPORTS + "class TestProductFiles:\n"
            "    def round_trip(self, files, tmp_path):\n"
            "        files.export(tmp_path / 'out.csv')\n"
            "        files.load(tmp_path / 'out.csv')\n"
            "        return files.products()\n"
            "    def test_accents_and_line_breaks(self, product_files, tmp_path):\n"
            "        product_files.add('A1', 'Crème brûlée', 500)\n"
            "        product_files.add('B2', 'two\\r\\nlines', 700, stock=1)\n"
            "        assert self.round_trip(product_files, tmp_path) == [\n"
            "            ('A1', 'Crème brûlée', 500, 0), ('B2', 'two\\r\\nlines', 700, 1)]\n"
            "    def test_bad_row(self, product_files, tmp_path):\n"
            "        rows = [['A1', 'Mug', '1', '1'], ['B2', '', '1', '1']]\n"
            "        write_csv(tmp_path / 'in.csv', rows)\n"
            "        with pytest.raises(InvalidInput):\n"
            "            product_files.load(tmp_path / 'in.csv')\n"
            "        assert product_files.products() == []\n"
            "    def test_bom(self, product_files, tmp_path):\n"
            "        write_csv(tmp_path / 'in.csv', [['A1', 'Mug', '1', '1']], 'utf-8-sig')\n"
            "        assert product_files.load(tmp_path / 'in.csv') == 1\n"
            "    def test_no_leak(self, product_files, tmp_path, recwarn):\n"
            "        product_files.export(tmp_path / 'out.csv')\n"
            "        gc.collect()\n"
            "        assert not [w for w in recwarn if w.category is ResourceWarning]\n"
        ),
        (  # parametrized names through a helper fixture
            _FILES_IMPORTS + "@pytest.fixture\n"
            "def round_trip(product_files, tmp_path):\n"
            "    def run(name):\n"
            "        product_files.add('X1', name, 100)\n"
            "        product_files.export(tmp_path / 'p.csv')\n"
            "        raw = (tmp_path / 'p.csv').read_bytes().decode('utf-8')\n"
            "        product_files.load(tmp_path / 'p.csv')\n"
            "        return raw, product_files.products()[0][1]\n"
            "    return run\n"
            "@pytest.mark.parametrize('name', ['Café', 'a\\r\\nb', 'plain'])\n"
            "def test_name_survives(round_trip, name):\n"
            "    raw, back = round_trip(name)\n"
            "    assert back == name\n"
            "def test_all_or_nothing(product_files, tmp_path):\n"
            "    product_files.add('A1', 'Mug', 1250, stock=4)\n"
            "    path = write_csv(tmp_path / 'p.csv', [['A1', 'Big mug', '1300', '0'],\n"
            "                                         ['B2', 'Pen', '-5', '1']])\n"
            "    with pytest.raises(InvalidInput, match='line 3'):\n"
            "        product_files.load(path)\n"
            "    assert product_files.products() == [('A1', 'Mug', 1250, 4)]\n"
            "def test_excel(product_files, tmp_path):\n"
            "    path = tmp_path / 'e.csv'\n"
            "    head = b'sku,name,price_cents,stock\\r\\n'\n"
            "    path.write_bytes(b'\\xef\\xbb\\xbf' + head + b'A1,Mug,1,1\\r\\n')\n"
            "    product_files.load(path)\n"
            "    assert [p[0] for p in product_files.products()] == ['A1']\n"
            "def test_closed(product_files, tmp_path):\n"
            "    with warnings.catch_warnings(record=True) as seen:\n"
            "        warnings.simplefilter('always')\n"
            "        product_files.export(tmp_path / 'p.csv')\n"
            "        gc.collect()\n"
            "    assert all(w.category is not ResourceWarning for w in seen)\n"
        ),
        (  # checking the file itself with the csv module
            _FILES_IMPORTS + "def test_file_format(product_files, tmp_path):\n"
            "    product_files.add('B2', 'Thé\\r\\nvert', 300, stock=2)\n"
            "    product_files.add('A1', 'Mug', 1250)\n"
            "    with warnings.catch_warnings(record=True) as seen:\n"
            "        warnings.simplefilter('always', ResourceWarning)\n"
            "        product_files.export(tmp_path / 'p.csv')\n"
            "        gc.collect()\n"
            "    assert [w for w in seen if issubclass(w.category, ResourceWarning)] == []\n"
            "    with open(tmp_path / 'p.csv', encoding='utf-8', newline='') as file:\n"
            "        rows = list(csv.reader(file))\n"
            "    assert rows[1:] == [\n"
            "        ['A1', 'Mug', '1250', '0'], ['B2', 'Thé\\r\\nvert', '300', '2']]\n"
            "    product_files.load(tmp_path / 'p.csv')\n"
            "    assert product_files.products()[1][1] == 'Thé\\r\\nvert'\n"
            "def test_bom_and_bad_rows(product_files, tmp_path):\n"
            "    path = write_csv(tmp_path / 'q.csv', [['C3', 'Cup', '1', '1']], 'utf-8-sig')\n"
            "    assert product_files.load(path) == 1\n"
            "    rows = [['D4', 'Dish', '1', '1'], ['E5', 'E', 'x', '1']]\n"
            "    path = write_csv(tmp_path / 'r.csv', rows)\n"
            "    with pytest.raises(InvalidInput):\n"
            "        product_files.load(path)\n"
            "    assert [p[0] for p in product_files.products()] == ['C3']\n"
        ),
    ],
}
