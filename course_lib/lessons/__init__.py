"""One package per lesson: lNN_<topic>/__init__.py lists its exercises (EXERCISES, plain data),
exK_<topic>.py holds exercise K's hidden tests or reference + buggy variants, bank.py the wrong
and alternative answers the checks are tested with. The engine (course_lib.checks) finds them here.
"""
