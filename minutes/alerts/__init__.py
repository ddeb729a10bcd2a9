"""E-mail alerts (beskeder): a reader follows a filtered item list or a case by mail.

- ``following``: what is followed (the list's filters, checked and normalised by the
  list's own FilterSet, or one case) and its new items;
- ``subscriptions``: subscribing (double opt-in, limits), confirming, unsubscribing;
- ``limits``: the confirmation mails one client may cause per hour;
- ``digest``: the daily mail per address (``manage.py send_alerts``);
- ``links``: the mails' absolute links (``SITE_URL``);
- ``forms``, ``views``, ``urls``: the pages under /besked/.

No page shows an address: the pages name only what is followed.
"""
