"""The one form a reader fills in: an e-mail address."""

from django import forms


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Din e-mailadresse",
        max_length=254,
        error_messages={
            "required": "Skriv den e-mailadresse, beskederne skal sendes til.",
            "invalid": "Det ligner ikke en e-mailadresse. Skriv den som navn@eksempel.dk.",
            "max_length": "Adressen er for lang (højst 254 tegn).",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
