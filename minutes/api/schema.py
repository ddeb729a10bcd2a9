"""What drf-spectacular cannot see in the views, added to the generated OpenAPI schema.

A postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]) so the schema says
what the API answers: a 400 with the Danish reasons per parameter for a bad filter or
page size, a 404 for an unknown object, page or cursor; page numbers and sizes as
whole numbers of at least 1; times as the "HH:MM:SS" the API sends (OpenAPI's
"time" format is RFC 3339's full-time, which requires a UTC offset the API never sends).
"""

from __future__ import annotations

ERROR_SCHEMAS = {
    "ValidationErrors": {
        "type": "object",
        "description": "The refused parameters, each with its reasons in Danish.",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    "NotFound": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
}
ERROR_RESPONSES = {
    "400": ("Et filter eller en sidestørrelse blev afvist.", "ValidationErrors"),
    "404": ("Ikke fundet (objektet, siden eller markøren).", "NotFound"),
}
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"


def add_answers_and_formats(result: dict, generator, **kwargs) -> dict:
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] in {"page", "page_size"}:
                    parameter["schema"] = {"type": "integer", "minimum": 1}
            for status, (description, schema) in ERROR_RESPONSES.items():
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{schema}"}
                            }
                        },
                    },
                )
    for component in result["components"]["schemas"].values():
        for prop in component.get("properties", {}).values():
            if prop.get("format") == "time":
                del prop["format"]
                prop["pattern"] = TIME_PATTERN
    return result
