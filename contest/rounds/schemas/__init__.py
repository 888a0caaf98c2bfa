"""What the contests and rounds API reads and answers.

Request schemas (requests.py) check the shape of a body (types, lists, objects); every rule of a
contest or a round, with its Vietnamese message, stays in the services, which read the same body
from the pages' forms. Unknown fields are ignored, as before: a client may send back a round it
read. Answer schemas (responses.py) describe what the API returns; fields.py holds the fields
both share, visitor.py who is asking.
"""
