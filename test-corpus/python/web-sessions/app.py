# expect-none
"""A small web app that uses three unrelated things called "session".

Session handling here is HTTP cookies (Flask), a database unit of work
(SQLAlchemy) and a pooled HTTP client (requests). None of it is the Session
messenger.
"""

import requests
from flask import Flask, redirect, request, session, url_for
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from .models import User
from .session import SessionStore

app = Flask(__name__)
app.secret_key = "dev-only"

engine = create_engine("sqlite:///app.db")
SessionLocal = sessionmaker(bind=engine)

http = requests.Session()
http.headers["User-Agent"] = "web-sessions/1.0"


def current_user(db: Session):
    uid = session.get("uid")
    return db.scalar(select(User).where(User.id == uid)) if uid else None


@app.route("/login", methods=["POST"])
def login():
    with SessionLocal() as db:
        user = db.scalar(select(User).where(User.name == request.form["name"]))
        if user is None:
            return redirect(url_for("login"))
        session["uid"] = user.id
        SessionStore(db).touch(user.id)
    return redirect(url_for("home"))


@app.route("/weather")
def weather():
    # Session reuse keeps the TCP connection open between calls.
    resp = http.get("https://api.example.org/weather", timeout=5)
    resp.raise_for_status()
    return resp.json()
