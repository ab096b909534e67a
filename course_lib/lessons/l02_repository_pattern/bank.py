"""Known-wrong and alternative answers for lesson 02 (see course_lib/checks/README.md, "Bank").

The sources live next door, one file per exercise kind: bank_fake.py (02.1), bank_cache.py (02.2)
and bank_tests.py (02.3 product contract, 02.4 order contract).
"""

from course_lib.lessons.l02_repository_pattern.bank_cache import CACHE_ALTERNATIVES, CACHE_WRONG
from course_lib.lessons.l02_repository_pattern.bank_fake import FAKE_ALTERNATIVES, FAKE_WRONG
from course_lib.lessons.l02_repository_pattern.bank_tests import (
    ORDER_ALTERNATIVES,
    ORDER_WRONG,
    PRODUCT_ALTERNATIVES,
    PRODUCT_WRONG,
)

WRONG = {"02.1": FAKE_WRONG, "02.2": CACHE_WRONG, "02.3": PRODUCT_WRONG, "02.4": ORDER_WRONG}

ALTERNATIVES = {
    "02.1": FAKE_ALTERNATIVES,
    "02.2": CACHE_ALTERNATIVES,
    "02.3": PRODUCT_ALTERNATIVES,
    "02.4": ORDER_ALTERNATIVES,
}
