from typing import Any

from django import forms

from tests.registry_app.models import Lesson


class LessonForm(forms.ModelForm[Lesson]):
    class Meta:
        model = Lesson
        fields = ["title", "kind", "body", "decided_on"]
        widgets = {"decided_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, organization: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def validate_unique(self) -> None:
        """The service validates (the organization is set there)."""
