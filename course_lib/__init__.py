"""Integration Testing, Hands-On: the course's support package.

Importing it does no work: services start lazily, the notebook setup runs only when called.
"""

__version__ = "0.1.0"
