"""The exercise catalog: one `lessonNN.py` per lesson, each defining `EXERCISES = [...]`."""
