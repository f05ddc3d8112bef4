"""Special categories (Art. 9), criminal data (Art. 10) and the NIR."""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...loading.register import ControllerActivity
from ...models.vocabulary import TODO
from .base import Context, Finding, rule


@rule(codes.SC001, on="controller_activity")
def exception_stated(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Each special category of data names the exception that lifts the prohibition
    (`exception`): an Art. 9(2) exception, or `authorised_by_law` for criminal data.

    Why:
    Art. 9(1) GDPR prohibits processing these data unless one of the Art. 9(2) exceptions
    applies, on top of an Art. 6 basis; Art. 10 allows criminal data only under official
    authority or when the law authorises it.

    Fails:
    Health data with no exception named.

    ```yaml
    special_categories:
      - {category: health, description: Allergies}
    ```

    Fix:
    Add `exception: explicit_consent` (or the exception that applies).
    """
    model = activity.model
    for index, entry in enumerate(model.special_categories):
        if entry.exception == TODO:
            continue  # reported as to be completed (A30005)
        if entry.exception is None:
            yield Finding(("special_categories", index), "name the Art. 9(2) exception that allows these data: "
                                                         "add 'exception'")
        elif (entry.category == "criminal_convictions") != (entry.exception == "authorised_by_law"):
            expected = ("criminal data need 'authorised_by_law' (Art. 10)" if entry.category == "criminal_convictions"
                        else "'authorised_by_law' is the Art. 10 condition, for criminal data only")
            yield Finding(("special_categories", index, "exception"), expected)


@rule(codes.SC002, on="controller_activity")
def sensitive_profiling(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Profiling or selecting people in an activity that holds special-category data rests on
    their explicit consent.

    Why:
    Selections and profiles that can reveal origins, opinions, beliefs, union membership, sex
    life or health need the persons' consent (NS-048 art. 2, carried into the référentiel);
    Art. 9(2)(a) requires it to be explicit.

    Fails:
    Profiling in an activity with health data, on an exception other than explicit consent.

    ```yaml
    automated_decisions: {profiling: true}
    special_categories:
      - {category: health, description: Allergies, exception: vital_interests}
    ```

    Fix:
    Collect explicit consent for that profiling, or keep special categories out of it.
    """
    model = activity.model
    if not model.automated_decisions.profiling:
        return
    for index, entry in enumerate(model.special_categories):
        if entry.exception != "explicit_consent":
            yield Finding(("special_categories", index), "profiling that can reveal sensitive data needs "
                                                         "explicit consent (exception: explicit_consent)")


@rule(codes.SC003, on="controller_activity")
def nir(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    No activity about customers, prospects or suppliers records the NIR (social security
    number), and none uses it as an internal identifier.

    Why:
    The NIR may only be used for the purposes listed by the décret-cadre n° 2019-341 (social
    protection, employment, health…); commercial management is not one of them. The
    référentiel forbids it as a customer identifier.

    Fails:
    The social security number in customer management.

    ```yaml
    data_categories:
      - category: nir
        description: Numéro de sécurité sociale
        retention: {duration: P3Y, from: end_of_contract}
    ```

    Fix:
    Remove the NIR; identify customers with an internal number.
    """
    model = activity.model
    if not {s.category for s in model.data_subjects} & {"customers", "prospects", "suppliers"}:
        return
    for index, category in enumerate(model.data_categories):
        if category.category == "nir":
            yield Finding(("data_categories", index, "category"), "the NIR has no place in a commercial activity")
