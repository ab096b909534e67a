"""The system under test: a tiny online shop used by every lesson.

It imports none of the course machinery (it could be any application). Importing it does no
work: repositories, gateways and the Flask app are built by the caller and passed in.
"""
