"""Lesson 12 (capstone): returns and refunds across API, database, payment provider, queue,
e-mail, cache and files — an idempotent refund mailer, the credit-note file, tests for that
file, and the capstone suite graded by ten hidden bugs from the earlier lessons."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_N = "course_lib.lessons.l12_capstone.ex3_credit_note_tests"
_C = "course_lib.lessons.l12_capstone.ex4_capstone_tests"

EXERCISES = [
    CodeExercise(
        id="12.1",
        title="An idempotent refund mailer on PostgreSQL",
        hidden="course_lib.lessons.l12_capstone.ex1_refund_mailer",
        signature=Signature(
            "handle_refund_event(session, sender, event)",
            returns="True if an e-mail went out, False for an event handled before",
        ),
        hint="claimed = session.execute(insert(ProcessedEventRow).values(consumer="
        "'refund-mailer', event_id=event['event_id']).on_conflict_do_nothing().returning("
        "ProcessedEventRow.event_id)).first(); None -> return False; else "
        "sender.send(*refund_mail(event)) and return True. Never commit.",
        timeout=20.0,
    ),
    CodeExercise(
        id="12.2",
        title="Write the credit note atomically, in UTF-8",
        hidden="course_lib.lessons.l12_capstone.ex2_credit_note",
        signature=Signature(
            "write_credit_note(directory, note)", returns="the Path of the file written"
        ),
        hint="path = Path(directory) / credit_note_name(note.number); if path.exists(): raise "
        "FileExistsError; return atomic_write_text(path, credit_note_text(note), "
        "encoding='utf-8').",
    ),
    TestExercise(
        id="12.3",
        title="Tests for the credit-note writer",
        fixture="write_note",
        given=("test_note_is_named_by_its_number",),
        provide=f"{_N}:provide",
        reference=f"{_N}:Reference",
        hint="Write a note into tmp_path, then read the folder back: the file's BYTES, every "
        "name in the folder, and what happens when the note exists already.",
        variants=(
            Variant(
                "windows-encoding",
                "Text files are text; the platform's default encoding will do.",
                "Compare the file's bytes with credit_note_text(note).encode('utf-8') (the € "
                "sign is where encodings differ).",
                f"{_N}:WindowsEncoding",
                lesson="07 (files)",
            ),
            Variant(
                "amount-as-float",
                "Dividing the cents by 100 formats an amount.",
                "Use an amount with a zero in the cents (2500): the note must say €25.00.",
                f"{_N}:AmountAsFloat",
                lesson="07 (files)",
            ),
            Variant(
                "overwrites",
                "Writing the same note again just refreshes it.",
                "Write a file with the note's name first: expect FileExistsError and the old "
                "content unchanged.",
                f"{_N}:Overwrites",
                lesson="07 (files)",
            ),
            Variant(
                "leaves-temp-file",
                "Write to a .tmp, copy it over: as good as atomic.",
                "After writing, list the folder: only the note may be there.",
                f"{_N}:LeavesTempFile",
                lesson="07 (files)",
            ),
        ),
    ),
    TestExercise(
        id="12.4",
        title="The capstone: tests across API, database, queue, cache and files",
        fixture="shop",
        given=("test_return_refunds_and_restocks",),
        provide=f"{_C}:provide",
        reference=f"{_C}:Reference",
        hint="For each step of the flow ask what it promises and read that layer back: the "
        "status codes, the order's status and stock, shop.refunds, shop.events() and "
        "shop.deliver(), shop.get_order() read BEFORE the return, the credit note's bytes, "
        "the pages of GET /returns; then the failures: a provider 5xx, a second return.",
        timeout=30.0,
        variants=(
            Variant(
                "refund-after-commit",
                "Commit our side first; the refund can follow once the return is safe.",
                "shop.gateway.fail(), then POST the return: expect 503 and NOTHING changed "
                "(status 'paid', stock as before); after recover() the retry succeeds.",
                f"{_C}:RefundAfterCommit",
                lesson="03 (transactions)",
            ),
            Variant(
                "refund-error-swallowed",
                "A provider hiccup is logged; the refund will surely go through later.",
                "shop.gateway.fail(), then POST the return: expect 503, no refund recorded.",
                f"{_C}:RefundErrorSwallowed",
                lesson="06 (outside services)",
            ),
            Variant(
                "status-codes",
                "200 means it worked, 400 means it did not; the exact code is a detail.",
                "Assert the exact codes: 201 for a new return, 409 for a second one.",
                f"{_C}:StatusCodes",
                lesson="05 (HTTP status codes)",
            ),
            Variant(
                "page-off-by-one",
                "OFFSET page * per_page: pages count from 1, so that is right.",
                "Make three returns and read ?page=1&per_page=2 then page 2: each return "
                "exactly once, oldest first.",
                f"{_C}:PageOffByOne",
                lesson="05 (pagination)",
            ),
            Variant(
                "refund-in-euros",
                "An amount is an amount; the provider will understand euros.",
                "Check shop.refunds: (order_id, the order's total IN CENTS).",
                f"{_C}:RefundInEuros",
                lesson="06 (contracts)",
            ),
            Variant(
                "note-in-cp1252",
                "The credit note is plain text; any encoding will do.",
                "Read the credit note as UTF-8 (read_text(encoding='utf-8')) and look for €.",
                f"{_C}:NoteInCp1252",
                lesson="07 (files)",
            ),
            Variant(
                "mail-on-every-delivery",
                "The broker delivers each message once.",
                "Take the event from shop.events(), shop.deliver() it twice: one mail.",
                f"{_C}:MailOnEveryDelivery",
                lesson="08 (delivery and idempotency)",
            ),
            Variant(
                "stale-order-cache",
                "The database is the truth; the cache will catch up.",
                "shop.get_order() BEFORE the return (so it is cached), then again after: "
                "status 'returned'.",
                f"{_C}:StaleOrderCache",
                lesson="09 (caching)",
            ),
            Variant(
                "refunds-twice",
                "A customer returns an order once: double clicks and retries do not happen.",
                "POST the same return twice: 409, ONE refund, the stock raised once.",
                f"{_C}:RefundsTwice",
                lesson="04 (concurrency)",
            ),
            Variant(
                "server-clock",
                "datetime.now() is the time; the injected clock is only for tests.",
                "Compare created_at (and the credit note's Date line) with shop.now.",
                f"{_C}:ServerClock",
                lesson="10 (time)",
            ),
        ),
    ),
]
