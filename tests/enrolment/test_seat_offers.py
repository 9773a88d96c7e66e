"""Waitlist offers that hold a seat: in a class that offers freed seats, a seat freed goes to
the first person waiting as an offer held until a deadline; they take it or let it go, and an
offer declined or not taken in time passes to the next person. Every step is in the history
and told to the person once."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from courses.models import Session
from enrolment import services
from enrolment.models import Enrolment
from outbox.models import SentNotice
from tests.factories import NOW, ClassFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


@pytest.fixture
def full_class():
    """Two seats, taken, and three people waiting, in a class that offers freed seats
    (24 hours; its first session is ten days away)."""
    class_ = ClassFactory(capacity=2, offers_seats=True, title="2027 봄 1기")
    seated = [services.enrol(UserFactory(), class_, now=NOW) for _ in range(2)]
    waiting = [services.enrol(UserFactory(), class_, now=NOW) for _ in range(3)]
    class_.seated, class_.waiting = seated, waiting
    return class_


def _fresh(enrolment) -> Enrolment:
    return Enrolment.objects.get(pk=enrolment.pk)


def _statuses(enrolments) -> list[str]:
    return [_fresh(e).status for e in enrolments]


def _history(enrolment) -> list[tuple[str, str]]:
    return list(_fresh(enrolment).events.order_by("pk").values_list("from_status", "to_status"))


def _told(person, kind="enrolment-status") -> list[SentNotice]:
    return list(SentNotice.objects.filter(user=person, kind=kind).order_by("pk"))


def test_a_freed_seat_is_offered_to_the_first_person_waiting_and_held(full_class):
    first, second, third = full_class.waiting
    services.cancel(full_class.seated[0], now=NOW)
    offered = _fresh(first)
    assert offered.status == Status.OFFERED
    assert offered.offer_expires_at == NOW + timedelta(hours=24)
    assert _statuses([second, third]) == [Status.WAITLISTED] * 2
    # The seat is held: nobody else can take it, and a newcomer joins the line behind.
    assert services.seats_left(full_class) == 0
    late = services.enrol(UserFactory(), full_class, now=NOW)
    assert late.status == Status.WAITLISTED
    assert [services.waitlist_position(e) for e in (second, third, late)] == [1, 2, 3]
    assert _history(first) == [("", Status.WAITLISTED), (Status.WAITLISTED, Status.OFFERED)]


def test_a_class_that_starts_sooner_holds_the_seat_for_half_the_time_left(full_class):
    first_session = full_class.sessions.order_by("starts_at").first()
    Session.objects.filter(pk=first_session.pk).update(
        starts_at=NOW + timedelta(hours=10), ends_at=NOW + timedelta(hours=12)
    )
    services.cancel(full_class.seated[0], now=NOW)
    assert _fresh(full_class.waiting[0]).offer_expires_at == NOW + timedelta(hours=5)


def test_taking_the_seat_enrols_and_says_so(full_class, django_capture_on_commit_callbacks):
    first = full_class.waiting[0]
    services.cancel(full_class.seated[0], now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment, answer = services.answer_offer(first, accept=True, now=NOW + timedelta(hours=3))
    assert (enrolment.status, answer) == (Status.ENROLLED, services.OfferAnswer.ACCEPTED)
    assert enrolment.offer_expires_at is None
    assert _history(first)[-1] == (Status.OFFERED, Status.ENROLLED)
    (message,) = [m for m in mail.outbox if m.to == [first.user.email]]
    assert "제안받은 자리를 잡으셨습니다" in message.body
    assert message.attachments[0][0] == "class.ics"


def test_letting_it_go_offers_it_to_the_next_person(full_class):
    first, second, third = full_class.waiting
    services.cancel(full_class.seated[0], now=NOW)
    later = NOW + timedelta(hours=1)
    enrolment, answer = services.answer_offer(first, accept=False, now=later)
    assert (enrolment.status, answer) == (Status.CANCELLED, services.OfferAnswer.DECLINED)
    assert _statuses([second, third]) == [Status.OFFERED, Status.WAITLISTED]
    assert _fresh(second).offer_expires_at == later + timedelta(hours=24)
    declined = _fresh(first).events.order_by("pk").last()
    assert (declined.actor, declined.reason) == (first.user, "제안받은 자리를 사양했습니다.")


def test_an_offer_not_taken_in_time_passes_on_with_the_sweep(
    full_class, django_capture_on_commit_callbacks
):
    first, second, _third = full_class.waiting
    services.cancel(full_class.seated[0], now=NOW)
    deadline = _fresh(first).offer_expires_at
    assert services.withdraw_expired_offers(deadline - timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.withdraw_expired_offers(deadline) == 1
        assert services.withdraw_expired_offers(deadline + timedelta(minutes=5)) == 0
    assert _statuses([first, second]) == [Status.CANCELLED, Status.OFFERED]
    taken_back = _fresh(first).events.order_by("pk").last()
    assert taken_back.actor is None
    assert taken_back.reason == "제안한 자리를 기한 안에 잡지 않으셨습니다."
    (expired,) = [m for m in mail.outbox if m.to == [first.user.email]]
    assert "다음 대기자에게" in expired.subject
    assert "기한 안에 잡지 않으셔서" in expired.body and "다시 대기" in expired.body
    (offer,) = [m for m in mail.outbox if m.to == [second.user.email]]
    assert f"/learning/offers/{second.pk}/" in offer.body


def test_an_answer_after_the_deadline_finds_the_seat_passed_on_without_a_sweep(full_class):
    first, second, _third = full_class.waiting
    services.cancel(full_class.seated[0], now=NOW)
    late = _fresh(first).offer_expires_at + timedelta(seconds=1)
    enrolment, answer = services.answer_offer(first, accept=True, now=late)
    assert (enrolment.status, answer) == (Status.CANCELLED, services.OfferAnswer.EXPIRED)
    assert _fresh(second).status == Status.OFFERED
    # And a second answer finds nothing open.
    assert services.answer_offer(first, accept=True, now=late)[1] == services.OfferAnswer.CLOSED


def test_someone_enrolling_after_an_unswept_deadline_comes_after_the_next_in_line(full_class):
    first, second, _third = full_class.waiting
    services.cancel(full_class.seated[0], now=NOW)
    late = _fresh(first).offer_expires_at + timedelta(minutes=1)
    newcomer = services.enrol(UserFactory(), full_class, now=late)
    assert newcomer.status == Status.WAITLISTED
    assert _statuses([first, second]) == [Status.CANCELLED, Status.OFFERED]


def test_with_nobody_waiting_the_seat_is_simply_free(full_class):
    for enrolment in full_class.waiting:
        services.cancel(enrolment, now=NOW)
    services.cancel(full_class.seated[0], now=NOW)
    assert services.seats_left(full_class) == 1


def test_the_offer_notice_names_the_deadline_and_the_link(
    full_class, django_capture_on_commit_callbacks
):
    first = full_class.waiting[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(full_class.seated[0], now=NOW)
    (notice,) = _told(first.user)[-1:]
    deadline = timezone.localtime(NOW + timedelta(hours=24))
    stamp = f"{deadline:%Y}. {deadline.month}. {deadline.day}."
    assert "자리를 잡아 두었습니다" in notice.title and stamp in notice.title
    assert notice.link == f"/learning/offers/{first.pk}/"
    assert "다음 대기자에게" in notice.body
    (message,) = [m for m in mail.outbox if m.to == [first.user.email]]
    assert notice.title in message.subject


def test_classes_that_do_not_offer_seats_still_enrol_the_next_person_at_once():
    class_ = ClassFactory(capacity=1)
    seated = services.enrol(UserFactory(), class_, now=NOW)
    waiting = services.enrol(UserFactory(), class_, now=NOW)
    services.cancel(seated, now=NOW)
    assert _fresh(waiting).status == Status.ENROLLED


def test_cancelling_a_class_withdraws_its_offers(full_class):
    services.cancel(full_class.seated[0], now=NOW)
    services.cancel_class(full_class, actor=None, reason="강사 사정", now=NOW)
    assert set(_statuses(full_class.waiting)) == {Status.CANCELLED}
    assert not Enrolment.objects.filter(offer_expires_at__isnull=False).exists()


def test_more_seats_in_the_admin_are_offered_too(full_class):
    full_class.capacity = 4
    full_class.save()
    services.promote_from_waitlist(full_class, now=NOW)
    assert _statuses(full_class.waiting) == [Status.OFFERED, Status.OFFERED, Status.WAITLISTED]


def test_the_sweep_command_passes_on_offers_past_their_deadline(full_class, time_machine):
    first, second, _third = full_class.waiting
    services.cancel(full_class.seated[0], now=timezone.now())
    time_machine.move_to(_fresh(first).offer_expires_at + timedelta(minutes=1))
    call_command("send_notices", stdout=open("/dev/null", "w"))
    assert _statuses([first, second]) == [Status.CANCELLED, Status.OFFERED]


# --- what the person sees -----------------------------------------------------------------


def _signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _offered_now(full_class):
    """The first person waiting offered a seat by the clock as it stands (views read it)."""
    services.cancel(full_class.seated[0], now=timezone.now())
    return _fresh(full_class.waiting[0])


def _text(response, selector="main") -> str:
    return BeautifulSoup(response.content, "html.parser").select_one(selector).get_text(" ")


def test_the_offer_page_shows_the_deadline_and_both_answers(full_class):
    offer = _offered_now(full_class)
    response = _signed_in(offer.user).get(f"/learning/offers/{offer.pk}/")
    text = _text(response)
    assert "자리를 잡아 두었습니다" in text
    page = BeautifulSoup(response.content, "html.parser")
    answers = [b["value"] for b in page.select("main form button[name=answer]")]
    assert answers == ["accept", "decline"]


def test_nobody_else_can_see_or_answer_an_offer(full_class):
    offer = _offered_now(full_class)
    stranger = _signed_in(UserFactory())
    assert stranger.get(f"/learning/offers/{offer.pk}/").status_code == 404
    assert stranger.post(f"/learning/offers/{offer.pk}/", {"answer": "accept"}).status_code == 404
    assert _fresh(offer).status == Status.OFFERED


def test_taking_the_seat_from_the_class_card_keeps_the_focus_on_the_card(full_class):
    offer = _offered_now(full_class)
    client = _signed_in(offer.user)
    page = client.get(full_class.course.url)
    card = BeautifulSoup(page.content, "html.parser").find(id=f"class-{full_class.pk}")
    assert "자리를 잡아 두었습니다" in card.get_text(" ")
    response = client.post(
        f"/learning/offers/{offer.pk}/", {"answer": "accept"}, headers={"HX-Request": "true"}
    )
    card = BeautifulSoup(response.content, "html.parser").find(id=f"class-{full_class.pk}")
    assert "수강이 확정되었습니다" in card.get_text(" ")
    assert card.select_one("[autofocus]").name == "button"
    assert _fresh(offer).status == Status.ENROLLED


def test_letting_it_go_from_the_offer_page_without_javascript(full_class):
    offer = _offered_now(full_class)
    client = _signed_in(offer.user)
    response = client.post(f"/learning/offers/{offer.pk}/", {"answer": "decline"}, follow=True)
    assert "다음 대기자에게 제안합니다" in _text(response, "body")
    assert _statuses(full_class.waiting[:2]) == [Status.CANCELLED, Status.OFFERED]


def test_an_answer_without_a_choice_changes_nothing(full_class):
    offer = _offered_now(full_class)
    response = _signed_in(offer.user).post(f"/learning/offers/{offer.pk}/", follow=True)
    assert "자리를 잡을지 골라 주세요" in _text(response, "body")
    assert _fresh(offer).status == Status.OFFERED


def test_the_offer_leaves_my_learning_at_its_deadline_without_a_write(full_class, _clock):
    offer = _offered_now(full_class)
    # Seen a minute before the deadline, and kept in the cache from then.
    _clock.move_to(offer.offer_expires_at - timedelta(minutes=1))
    client = _signed_in(offer.user)
    assert f'id="offer-{offer.pk}"' in client.get("/learning/").content.decode()
    _clock.move_to(offer.offer_expires_at + timedelta(seconds=1))
    client = _signed_in(offer.user)
    assert f'id="offer-{offer.pk}"' not in client.get("/learning/").content.decode()


def test_my_learning_and_the_roster_show_the_offer(full_class, instructor):
    offer = _offered_now(full_class)
    page = _signed_in(offer.user).get("/learning/").content.decode()
    mine = _text(_signed_in(offer.user).get("/learning/"))
    assert "까지 자리를 잡아 두었습니다" in mine and "자리 제안에 답하기" in mine
    # The held seat comes first on the page, before anything that can wait.
    assert f'id="offer-{offer.pk}"' in page
    assert page.index(f'id="offer-{offer.pk}"') < page.index('id="current-heading"')
    full_class.instructors.add(instructor)
    roster = _text(_signed_in(instructor).get(f"/learning/classes/{full_class.pk}/roster/"))
    assert "자리 제안" in roster and "까지 잡아 둠" in roster
    assert "대기자 중 1명에게 자리를 잡아 두었습니다" in roster
