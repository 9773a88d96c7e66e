"""The mixed scenario bench/load.py runs: anonymous visitors and signed-in activists.

Visitors browse the catalogue, course and lesson pages and fetch the school calendar.
Activists log in (CSRF and session as a browser does), browse, fetch their personal
feed and My learning, and enrol in or cancel seats of small classes through the same
htmx requests the buttons send. LOAD_SEED names the JSON file bench/load.py wrote.
"""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

SEED = json.loads(Path(os.environ["LOAD_SEED"]).read_text())
ACCOUNTS = itertools.cycle(SEED["users"])  # each activist its own account while they last
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browsing(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)

    @task(3)
    def catalogue(self):
        self.client.get(SEED["catalogue"], name="catalogue")

    @task(3)
    def course(self):
        self.client.get(random.choice(SEED["courses"]), name="course page")

    @task(2)
    def lesson(self):
        self.client.get(random.choice(SEED["lessons"]), name="lesson page")


class Visitor(Browsing):
    weight = 1

    @task(1)
    def school_calendar(self):
        self.client.get("/calendar/school.ics", name="school feed")


class Activist(Browsing):
    weight = 2

    def on_start(self):
        self.username, self.feed_token = next(ACCOUNTS)
        self.places = set()
        page = self.client.get("/accounts/login/", name="login page")
        self.client.post(
            "/accounts/login/",
            {
                "username": self.username,
                "password": SEED["password"],
                "csrfmiddlewaretoken": CSRF_FIELD.search(page.text).group(1),
            },
            name="log in",
        )

    def _htmx_post(self, url: str, name: str):
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "HX-Request": "true"}
        return self.client.post(url, headers=headers, name=name)

    @task(3)
    def enrol_or_cancel(self):
        class_id = random.choice(SEED["classes"])
        if class_id in self.places:
            self._htmx_post(f"/learning/classes/{class_id}/cancel/", "cancel")
            self.places.discard(class_id)
        else:
            self._htmx_post(f"/learning/classes/{class_id}/enrol/", "enrol")
            self.places.add(class_id)

    @task(1)
    def my_calendar(self):
        self.client.get(f"/calendar/u/{self.feed_token}.ics", name="personal feed")

    @task(1)
    def my_learning(self):
        self.client.get("/learning/", name="my learning")
