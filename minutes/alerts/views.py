"""The pages under /besked/: subscribe to a list or a case, confirm, unsubscribe.

Confirming and unsubscribing are two steps, a page with one button (GET) and the
button's POST: mail scanners and link previews open every link in a mail, and a
GET that confirmed or unsubscribed would let them do either unseen. A mail
client's own unsubscribe button needs no page: every digest names the POST
address in List-Unsubscribe with List-Unsubscribe-Post (RFC 8058), which the
client POSTs to without a cookie or a form token. That is why the unsubscribe
POST is exempt from CSRF: the secret token in its URL is what authorises it, and
a page that does not know it cannot forge it. Subscribing and confirming keep
CSRF protection.

No page shows an address: after subscribing, the answer says a mail went to
"the address you typed", and the form is shown again empty.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ..models import AlertSubscription, Municipality
from .following import NotFollowable, describe, describe_filters, followed_case, followed_list
from .forms import SubscribeForm
from .subscriptions import (
    Refused,
    awaiting_confirmation,
    by_unsubscribe_token,
    confirm,
    subscribe,
    unsubscribe,
)


def not_followable(request: HttpRequest, refusal: NotFollowable, status: int) -> HttpResponse:
    return render(
        request, "minutes/alerts/not_followable.html", {"reasons": refusal.messages}, status=status
    )


def invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "minutes/alerts/invalid_link.html", status=404)


@require_http_methods(["GET", "POST"])
def subscribe_list(request: HttpRequest) -> HttpResponse:
    """/besked/punkter/?<the item list's filters>: follow that list."""
    try:
        followed = followed_list(request.GET)
    except NotFollowable as refusal:
        return not_followable(request, refusal, status=400)
    return _subscribe_page(
        request,
        following=describe_filters(followed.filterset),
        back_url=f"{reverse('minutes:item_list')}?{followed.query}",
        query=followed.query,
    )


@require_http_methods(["GET", "POST"])
def subscribe_case(request: HttpRequest, municipality: str, case_number: str) -> HttpResponse:
    """/besked/kommuner/<kommune>/sager/<sagsnummer>/: follow one case."""
    municipality_record = get_object_or_404(Municipality, slug=municipality)
    try:
        stored = followed_case(municipality_record, case_number)
    except NotFollowable as refusal:
        return not_followable(request, refusal, status=404)
    return _subscribe_page(
        request,
        following=[("Sag", stored), ("Kommune", municipality_record.name)],
        back_url=municipality_record.get_case_url(stored),
        municipality=municipality_record,
        case_number=stored,
    )


def _subscribe_page(
    request: HttpRequest, *, following: list, back_url: str, **followed
) -> HttpResponse:
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            subscribe(form.cleaned_data["email"], request=request, **followed)
        except Refused as refusal:
            form.add_error(None, refusal.user_message)
            status = refusal.status
        else:
            return redirect("alerts:sent")
    elif form.is_bound:
        status = 400
    return render(
        request,
        "minutes/alerts/subscribe.html",
        {"form": form, "following": following, "back_url": back_url},
        status=status,
    )


@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "minutes/alerts/sent.html")


@require_http_methods(["GET", "POST"])
def confirm_page(request: HttpRequest, token: str) -> HttpResponse:
    subscription = awaiting_confirmation(token)
    if subscription is None:
        return invalid_link(request)
    if request.method == "POST":
        confirm(subscription)
        return redirect("alerts:confirm", token=token)
    return render(
        request,
        "minutes/alerts/confirm.html",
        {"subscription": subscription, "following": describe(subscription)},
    )


@csrf_exempt  # RFC 8058 one-click: see the module's docstring
@require_http_methods(["GET", "POST"])
def unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    return _unsubscribe(request, token, every_alert=False)


@csrf_exempt  # RFC 8058 one-click: see the module's docstring
@require_http_methods(["GET", "POST"])
def unsubscribe_all_page(request: HttpRequest, token: str) -> HttpResponse:
    return _unsubscribe(request, token, every_alert=True)


def _unsubscribe(request: HttpRequest, token: str, *, every_alert: bool) -> HttpResponse:
    subscription = by_unsubscribe_token(token)
    if subscription is None:
        return invalid_link(request)
    if request.method == "POST":
        deleted = unsubscribe(subscription, every_alert=every_alert)
        return render(request, "minutes/alerts/unsubscribed.html", {"deleted": deleted})
    return render(
        request,
        "minutes/alerts/unsubscribe.html",
        {
            "every_alert": every_alert,
            "following": describe(subscription),
            "alert_count": AlertSubscription.objects.filter(email=subscription.email).count(),
        },
    )
