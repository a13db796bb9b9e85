"""The JSON API under /api."""
from flask import Blueprint, request

bp = Blueprint("api", __name__, url_prefix="/api")

MAX_NAME_LENGTH = 100


@bp.get("/greeting")
def greeting():
    names = request.args.getlist("name")
    if not names:
        names = ["World"]
    name = names[0].strip() if len(names) == 1 else ""
    if not name or len(name) > MAX_NAME_LENGTH:
        # A bad input is the client's mistake: answer 400 with a reason, never a stack trace.
        return {"error": f"name must be 1 to {MAX_NAME_LENGTH} characters"}, 400
    return {"message": f"Hello, {name}!"}
