from django.forms.renderers import TemplatesSetting


class DesignSystemFormRenderer(TemplatesSetting):
    """Renders every form and field with the GOV.UK Frontend markup kept in templates/forms/."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
