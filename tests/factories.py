"""factory_boy factories. Documents get unique text (and so a unique content hash)."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from claims.models import Claim, Comment, Document, Evidence, Rating
from claims.roles import EDITORS_GROUP, RESEARCHERS_GROUP
from claims.services import documents as document_services


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        groups = {"researcher": RESEARCHERS_GROUP, "editor": EDITORS_GROUP}
        if create and extracted:
            self.groups.add(Group.objects.get(name=groups[extracted]))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Document {n}")
    publisher = "The Daily Example"
    text = factory.Sequence(
        lambda n: (
            f"Document number {n}. Unemployment fell to 3.9 percent in 2019, "
            "the lowest rate since 1969. The mayor said the budget grew by $2 million."
        )
    )
    content_hash = factory.LazyAttribute(lambda d: document_services.content_hash(d.text))


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory)
    start = factory.Sequence(lambda n: n * 10)
    end = factory.LazyAttribute(lambda c: c.start + 9)
    text = factory.Sequence(lambda n: f"Claim {n}: unemployment fell to 3.9 percent in 2019.")
    score = 0.75
    reasons = factory.LazyFunction(lambda: ["percentage: 3.9 percent", "year: 2019"])
    claim_type = "quantity"

    class Params:
        """Status traits: ``ClaimFactory(published=True)`` is a claim already at that status
        with what the status implies (built directly, not through the workflow: for tests
        about something else). ``verdict`` alone adds a rating, a summary and one evidence
        source to a claim at any status. For a status chosen at run time:
        ``ClaimFactory(**{status: True})``."""

        verdict = factory.Trait(
            rating=factory.LazyFunction(lambda: rating("false")),
            verdict_summary="Unemployment was 4.1 percent, not 3.9.",
            verdict_explanation="The statistics office reports 4.1 percent for 2019.",
            evidence=factory.RelatedFactory(
                "tests.factories.EvidenceFactory", factory_related_name="claim"
            ),
        )
        new = factory.Trait(status="new")
        selected = factory.Trait(status="selected")
        dismissed = factory.Trait(status="dismissed")
        researching = factory.Trait(status="researching", verdict=True)
        in_review = factory.Trait(status="in_review", verdict=True)
        approved = factory.Trait(status="approved", verdict=True)
        published = factory.Trait(
            status="published",
            verdict=True,
            published_at=factory.LazyFunction(timezone.now),
            first_published_at=factory.SelfAttribute("published_at"),
            slug="unemployment-fell",
        )


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    url = factory.Sequence(lambda n: f"https://stats.example.org/report/{n}")
    title = "Labour force statistics"
    publisher = "Statistics Office"
    stance = "refutes"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    claim = factory.SubFactory(ClaimFactory)
    body = "Worth checking against the annual report."


def rating(slug: str = "false") -> Rating:
    """One of the ratings the data migration seeds."""
    return Rating.objects.get(slug=slug)
