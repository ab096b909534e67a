"""Lesson 04 (real databases): atomic reservations and ON CONFLICT upserts that survive two
sessions at once, and tests that catch queries which only work on SQLite."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_V = "course_lib.lessons.l04_real_databases.ex3_catalog_tests"

EXERCISES = [
    CodeExercise(
        id="04.1",
        title="Reserve stock without losing updates",
        hidden="course_lib.lessons.l04_real_databases.ex1_reserve",
        signature=Signature("reserve(session, sku, quantity)", returns="True or False"),
        hint="Return False for a quantity below 1; then one statement: update(ProductRow)"
        ".where(sku matches, stock >= quantity).values(stock=ProductRow.stock - quantity); it "
        "succeeded when result.rowcount == 1. Do not commit: the caller owns the transaction.",
        timeout=20.0,
    ),
    CodeExercise(
        id="04.2",
        title="Upsert products with ON CONFLICT",
        hidden="course_lib.lessons.l04_real_databases.ex2_upsert_products",
        signature=Signature("upsert_products(session, products)", returns="nothing"),
        hint="Keep the last product per SKU ({p.sku: p for p in products}); skip an empty feed; "
        "from sqlalchemy.dialects.postgresql import insert; statement = insert(ProductRow)"
        ".values([...]); statement.on_conflict_do_update(index_elements=[ProductRow.sku], "
        "set_={'name': statement.excluded.name, ...}). Do not commit.",
        timeout=20.0,
    ),
    TestExercise(
        id="04.3",
        title="Tests that catch SQLite-only queries",
        fixture="catalog",
        provide=f"{_V}:provide_catalog",
        reference=f"{_V}:Reference",
        hint="Call every method of the catalogue at least once, with data that differs in case "
        "and one name that is too long.",
        timeout=15.0,
        variants=(
            Variant(
                "like-is-case-sensitive",
                "LIKE ignores case everywhere, as it does in SQLite.",
                "Add 'Apple Mug', then search for 'mug' (lower case).",
                f"{_V}:LikeIsCaseSensitive",
            ),
            Variant(
                "bare-column-aggregate",
                "SELECT sku, MIN(price_cents) returns the sku of the cheapest row.",
                "Call cheapest() with a few products stored.",
                f"{_V}:BareColumnAggregate",
            ),
            Variant(
                "ifnull",
                "ifnull() is standard SQL.",
                "Call stock_value(), e.g. on an empty catalogue (expect 0).",
                f"{_V}:IfNull",
            ),
            Variant(
                "name-length-unchecked",
                "The database keeps whatever string you give it.",
                "Add a product whose name is longer than 100 characters and expect "
                "InvalidInput (from course_lib.shop.errors).",
                f"{_V}:NameLengthUnchecked",
            ),
        ),
    ),
]
