"""The shop's files: product CSV import/export, order exports and a small file store.

Every writer here is atomic (a temporary file in the same folder, then os.replace) and names its
encoding, so readers never see half a file and a file means the same on every platform.
"""
