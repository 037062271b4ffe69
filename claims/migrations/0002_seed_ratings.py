from django.db import migrations

# The verdict scale; `value` is the ClaimReview ratingValue (7 = true ... 1 = false).
# "Unproven" carries no position on the scale, so it gets 0 and ClaimReview uses its name.
RATINGS = (
    ("True", "true", 7, "The claim is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 6, "Accurate, but needs clarification or more information."),
    ("Half true", "half-true", 5, "Partially accurate; leaves out important details or context."),
    ("Misleading", "misleading", 4, "Contains accurate elements but gives a wrong impression."),
    ("Mostly false", "mostly-false", 3, "Has an element of truth but ignores critical facts."),
    ("False", "false", 1, "The claim is not accurate."),
    ("Unproven", "unproven", 0, "There is not enough evidence to establish it either way."),
)


def seed_ratings(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    for name, slug, value, description in RATINGS:
        Rating.objects.update_or_create(
            slug=slug, defaults={"name": name, "value": value, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(seed_ratings, migrations.RunPython.noop)]
