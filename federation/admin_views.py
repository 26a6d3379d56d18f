"""Wagtail admin views whose saves go through a service, so the admin is one more door, not a side door."""

from django.core.exceptions import ValidationError
from wagtail.admin.views import generic


class ServiceSaveMixin:
    """Call `save_through_service(form)` instead of saving the form; a service's ValidationError becomes a
    form error and the editor's input is shown again."""

    def save_through_service(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_through_service(form)
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        response = self.save_action()
        return self.run_after_hook() or response


class ServiceCreateView(ServiceSaveMixin, generic.CreateView):
    pass


class ServiceEditView(ServiceSaveMixin, generic.EditView):
    pass
