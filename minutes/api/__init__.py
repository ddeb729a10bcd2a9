"""The read-only JSON API under /api/ (Django REST framework, OpenAPI by drf-spectacular).

serializers.py turns rows into JSON with links between resources; views.py holds
the read-only viewsets, which filter with the same FilterSets as the public pages
(minutes/public/filters.py); urls.py routes them and serves the schema at /api/schema/.
The guide is docs/API.md.
"""
