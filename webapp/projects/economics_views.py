"""A project's calculation page and its sensitivity page (guide section 5, SPEC 3.5).

The calculation page shows what the budget and the benefit lines add up to: totals, present
values, the return per invested krona (always with its range, so it is never quoted alone),
the payback year, the cost per unit of effect and per participant, who pays and who gains, the
year-by-year figures, the estimate for the whole target group and the honesty checks that say
how far to trust the figure. The sensitivity page shows the one-way analysis (tornado), the
break-even effect, the switching values and the Monte Carlo simulation.

Both pages read one ``models.economics_report.EconomicsReport``, so they, the Excel sheets and
the exchange format always show the same figures. Every role reads them; the project's editors
change the settings and run the simulation. ``models.costs`` checks every value and names the
field it refuses, so a refused save shows the form again with the message under that field and
nothing stored; a save based on settings someone else changed meanwhile is refused as stale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import Project
from models.costs import (
    STALE,
    CostsRefused,
    ProjectCosts,
    actor_names,
    project_costs,
    save_monte_carlo_settings,
    save_settings,
    settings_of,
)
from models.domain import economics as ec
from models.domain import economics_analysis as ea
from models.domain import power as pw
from models.economics import ProjectEconomics
from models.economics_report import (
    EconomicsReport,
    check_text,
    report_for,
    run_monte_carlo,
    settings_ranges,
)
from webapp.db import get_session
from webapp.formatting import number
from webapp.permissions import is_project_editor, require
from webapp.projects.cost_views import effect_text, kronor, share_text
from webapp.projects.economics_charts import (
    count_text,
    cumulative_chart,
    histogram_chart,
    percent_text,
    return_text,
    tornado_chart,
)
from webapp.projects.economics_forms import BOUNDS, MonteCarloForm, SettingsForm
from webapp.projects.views import _project_or_404, bp

#: Ranges suggested when a project has none stored: multiples of the assumed value (the
#: discount rate's range is set around the project's rate, see ``default_ranges``).
DEFAULT_RANGES: Mapping[str, tuple[Decimal, Decimal, Decimal]] = {
    ec.PEOPLE: (Decimal("0.5"), Decimal("1"), Decimal("1.2")),
    ec.UNIT_COSTS: (Decimal("0.8"), Decimal("1"), Decimal("1.2")),
    ec.YEARS: (Decimal("0.5"), Decimal("1"), Decimal("1")),
}
#: How far below and above the project's rate the suggested discount-rate range reaches
#: (3,5 % gives 1–5 %).
RATE_BELOW = Decimal("0.025")
RATE_ABOVE = Decimal("0.015")


# --- Texts ----------------------------------------------------------------------------------


def reason_text(code: str | None) -> str:
    """The sentence for a reason code of the calculation or the full-scale estimate."""
    if code in ea.REASONS:
        return _(ea.REASONS[code])
    if code in ec.REASONS:
        return _(ec.REASONS[code])
    return _("Not defined.")


def rate_text(rate: Decimal | None) -> str:
    """A rate in per cent with at most two decimals (0.035 → 3,5 %)."""
    return percent_text(rate, 2)


def message(msgid: str, params: Mapping[str, object]) -> str:
    """A model's message in the user's language, formatted with ``params`` when it has any (as
    the models format their own messages)."""
    return _(msgid, **params)


def factor_text(value: Decimal) -> str:
    """A discount factor with four decimals, rounded half up (1,1025)."""
    return format_decimal(Decimal(value).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
                          format="#,##0.0000")


def _benefit_labels(loaded: ProjectCosts) -> dict[str, str]:
    """Benefit lines named by key and unit cost in the honesty checks ("b1 – HVB-dygn")."""
    return {line.key: f"{line.key} – {line.unit_cost.name}" for line in loaded.benefits}


def _localised(check: ea.Check) -> ea.Check:
    """The check with its returns and percentage written as the page writes numbers (the
    analysis gives them as plain decimal strings, "1.25")."""
    if check.code != ea.FRAGILE_RETURN:
        return check
    params = dict(check.params)
    for key in ("value", "lowest"):
        params[key] = return_text(Decimal(str(params[key])))
    params["percent"] = number(Decimal(str(params["percent"])))
    return replace(check, params=params)


def _ordered_checks(report: EconomicsReport) -> list[tuple[str, str]]:
    """(severity, text) of the honesty checks, warnings first, otherwise in their order."""
    ordered = sorted(report.checks, key=lambda check: check.severity != ea.WARNING)
    return [(check.severity, check_text(_localised(check), _)) for check in ordered]


def return_range(report: EconomicsReport) -> tuple[Decimal, Decimal] | None:
    """The lowest and the highest return of the tornado's bars; None when there are none."""
    values = [value for bar in report.tornado for value in (bar.low, bar.high)
              if value is not None]
    return (min(values), max(values)) if values else None


def _trust_text(report: EconomicsReport) -> str:
    trust = report.trust
    return _(trust.msgid, **{**trust.params, "percent": number(trust.attribution * 100)})


@dataclass(frozen=True)
class Comparison:
    """One row of the pilot against the whole target group."""

    label: str
    pilot: str
    full: str


def full_scale_rows(report: EconomicsReport) -> list[Comparison]:
    """The pilot and the whole target group side by side (needs a ``FullScale``)."""
    full = report.full_scale
    result = report.result
    assert isinstance(full, ea.FullScale) and result is not None
    with localcontext(ec.CONTEXT):
        pilot_annual_cost = full.annual_cost / full.factor
        pilot_annual_benefit = full.annual_benefit / full.factor
    pilot_return = (return_text(result.return_per_krona) if result.return_per_krona is not None
                    else reason_text(result.return_reason))
    full_return = (return_text(full.return_per_krona) if full.return_per_krona is not None
                   else reason_text(full.return_reason))
    return [
        Comparison(_("People"), number(full.pilot_participants), number(full.target_size)),
        Comparison(_("Cost"), kronor(result.cost_total), kronor(full.cost_total)),
        Comparison(_("Benefit (avoided costs)"), kronor(result.benefit_total),
                   kronor(full.benefit_total)),
        Comparison(_("Cost, present value"), kronor(result.cost_present_value),
                   kronor(full.cost_present_value)),
        Comparison(_("Benefit, present value"), kronor(result.benefit_present_value),
                   kronor(full.benefit_present_value)),
        Comparison(_("Net present value"), kronor(result.net_present_value),
                   kronor(full.net_present_value)),
        Comparison(_("Return per invested krona"), pilot_return, full_return),
        Comparison(_("Cost per participant"),
                   kronor(result.cost_per_participant),
                   kronor(full.cost_per_participant)),
        Comparison(_("Yearly running cost (evaluation left out)"), kronor(pilot_annual_cost),
                   kronor(full.annual_cost)),
        Comparison(_("Yearly benefit"), kronor(pilot_annual_benefit),
                   kronor(full.annual_benefit)),
    ]


@dataclass(frozen=True)
class Switching:
    """One row of the switching values: the value at which the return falls to 1, or why there
    is none."""

    parameter: str
    label: str
    value: str | None
    assumed: str
    reason: str | None


def switching_rows(report: EconomicsReport) -> list[Switching]:
    """Each assumption's switching value in words: people and unit costs as a share of the
    assumed value, the duration as whole years of the longest line, the rate as a rate."""
    longest = max((line.years for line in report.inputs.benefits), default=0)
    rows = []
    for parameter in ec.PARAMETERS:
        value, reason = report.switching.get(parameter, (None, None))
        label = _(ec.PARAMETER_LABELS[parameter])
        if parameter == ec.YEARS:
            assumed = _("%(years)s years for the longest effect", years=longest)
        elif parameter == ec.DISCOUNT_RATE:
            assumed = rate_text(report.inputs.discount_rate)
        else:
            assumed = _("%(percent)s (as assumed)", percent=percent_text(Decimal(1)))
        if value is None:
            rows.append(Switching(parameter, label, None, assumed,
                                  reason_text(reason or ec.NO_CROSSING)))
            continue
        if parameter == ec.YEARS:
            years = int((value * longest).to_integral_value(ROUND_HALF_UP))
            text = _("%(years)s years for the longest effect (the others in proportion)",
                     years=years)
        elif parameter == ec.DISCOUNT_RATE:
            text = _("a discount rate of %(rate)s", rate=rate_text(value))
        else:
            text = _("%(percent)s of the assumed value", percent=percent_text(value))
        rows.append(Switching(parameter, label, text, assumed, None))
    return rows


def _effect_texts(loaded: ProjectCosts, report: EconomicsReport) -> tuple[str, str] | None:
    """The expected effect and the break-even effect as the evaluation plan shows effects
    (percentage points for a proportion), or None when the expected effect is not known."""
    plan = loaded.plan
    effect = loaded.expected_effect
    if plan is None or effect is None or report.break_even_effect is None:
        return None
    proportion = plan.outcome == pw.PROPORTION
    unit = plan.power_indicator.unit if plan.power_indicator is not None else None
    return (effect_text(abs(effect), fraction=proportion, unit=unit),
            effect_text(report.break_even_effect, fraction=proportion, unit=unit))


# --- Forms ----------------------------------------------------------------------------------


def _editable_project(project_id: int) -> Project:
    project = _project_or_404(project_id)
    require(is_project_editor(current_user, project))
    return project


def _version(text: str | None, settings: ProjectEconomics | None) -> int | None:
    """The version a form carried. No version is right only while the project has no settings;
    once it has, a missing or unreadable version (-1) never matches and is refused as stale."""
    text = (text or "").strip()
    if not text:
        return None if settings is None else -1
    return int(text) if text.isdigit() else -1


def _settings_form(loaded: ProjectCosts) -> SettingsForm:
    form = SettingsForm(prefix="settings", formdata=None)
    settings = loaded.settings
    form.discount_rate.data = loaded.discount_rate
    form.price_year.data = settings.price_year if settings is not None else None
    form.sensitivity_factor.data = loaded.sensitivity_factor
    form.version.data = str(settings.version) if settings is not None else ""
    return form


def default_ranges(rate: Decimal) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    """The ranges suggested before any are stored: ``DEFAULT_RANGES`` and the discount rate
    from ``RATE_BELOW`` under to ``RATE_ABOVE`` over the project's rate (within 0–100 %)."""
    rate = Decimal(rate)
    return {**DEFAULT_RANGES,
            ec.DISCOUNT_RATE: (max(Decimal(0), rate - RATE_BELOW), rate,
                               min(Decimal(1), rate + RATE_ABOVE))}


def _monte_carlo_form(loaded: ProjectCosts) -> MonteCarloForm:
    form = MonteCarloForm(prefix="mc", formdata=None)
    settings = loaded.settings
    stored = settings_ranges(loaded)
    ranges = ({key: tuple(Decimal(v) for v in values) for key, values in stored.items()}
              if stored else default_ranges(loaded.discount_rate))
    for parameter in ec.PARAMETERS:
        values = ranges.get(parameter) or (None, None, None)
        for field, value in zip(form.range_fields(parameter), values, strict=True):
            field.data = value
    form.seed.data = settings.mc_seed if settings is not None else ea.DEFAULT_SEED
    form.draws.data = settings.mc_draws if settings is not None else ea.DEFAULT_DRAWS
    form.version.data = str(settings.version) if settings is not None else ""
    return form


def _field_error(form, name: str | None, message: str) -> None:
    """Put ``message`` under the field ``name``, or at the top of the page."""
    if name and name in form:
        form[name].errors = [*form[name].errors, message]
    else:
        flash(message, "error")


def _form_field(field: str | None) -> str | None:
    """The form field an ``EconomicsError`` names: ``ranges.people.low`` → ``people_low``."""
    if field and field.startswith("ranges."):
        parts = field.split(".")
        if len(parts) == 3 and parts[2] in BOUNDS:
            return f"{parts[1]}_{parts[2]}"
    return field


def _economics_message(form, error: ec.EconomicsError) -> str:
    """The error's message with the form's labels in place of the exchange format's paths."""
    params = dict(error.params)
    for key in ("field", "bound_field"):
        name = _form_field(params.get(key))
        if name and name in form:
            params[key] = str(form[name].label.text)
    return message(error.message, params)


# --- Rendering ------------------------------------------------------------------------------


def _load(db: Session, project: Project) -> tuple[ProjectCosts, EconomicsReport]:
    loaded = project_costs(db, project)
    return loaded, report_for(loaded, labels=_benefit_labels(loaded))


def _common(project: Project, loaded: ProjectCosts, report: EconomicsReport) -> dict:
    result = report.result
    return dict(
        project=project,
        loaded=loaded,
        report=report,
        result=result,
        error=(message(report.error.message, report.error.params)
               if report.error is not None else None),
        run=report.monte_carlo,
        editor=is_project_editor(current_user, project),
        parameter_labels={key: _(label) for key, label in ec.PARAMETER_LABELS.items()},
        kronor=kronor,
        share_text=share_text,
        rate_text=rate_text,
        factor_text=factor_text,
        return_text=return_text,
        percent_text=percent_text,
        count_text=count_text,
        reason_text=reason_text,
    )


def _render_economics(project: Project, status: int = 200, *,
                      form: SettingsForm | None = None):
    db = get_session()
    loaded, report = _load(db, project)
    result = report.result
    context = _common(project, loaded, report)
    editor = context["editor"]
    unrestated = []
    if result is not None:
        for key in result.unchanged_unit_costs:
            note = ec.unchanged_note(result.restated[key])
            unit = loaded.unit_costs.get(key)
            if note is not None:
                unrestated.append((unit.name if unit is not None else key,
                                   message(note[0], note[1])))
    full = report.full_scale
    return render_template(
        "projects/economics.html",
        **context,
        form=(form or _settings_form(loaded)) if editor else None,
        actors=actor_names(db, _),
        checks=_ordered_checks(report),
        trust_text=_trust_text(report),
        spread=return_range(report),
        cumulative=cumulative_chart(result) if result is not None else None,
        full=full if isinstance(full, ea.FullScale) else None,
        full_rows=full_scale_rows(report) if isinstance(full, ea.FullScale) else [],
        full_reason=full if isinstance(full, str) else None,
        unrestated=unrestated,
        start_year=loaded.start_year,
    ), status


def _render_sensitivity(project: Project, status: int = 200, *,
                        form: MonteCarloForm | None = None):
    db = get_session()
    loaded, report = _load(db, project)
    result = report.result
    context = _common(project, loaded, report)
    run = report.monte_carlo
    multiplier, break_even_reason = report.break_even
    return render_template(
        "projects/sensitivity.html",
        **context,
        form=(form or _monte_carlo_form(loaded)) if context["editor"] else None,
        tornado=tornado_chart(report.tornado,
                              result.return_per_krona if result is not None else None,
                              report.factor, context["parameter_labels"]),
        multiplier=multiplier,
        break_even_reason=break_even_reason,
        effects=_effect_texts(loaded, report),
        switching=switching_rows(report) if result is not None else [],
        histogram=histogram_chart(run) if run is not None else None,
        stored_ranges=bool(settings_ranges(loaded)),
        parameters=ec.PARAMETERS,
        max_draws=ea.MAX_DRAWS,
    ), status


# --- Saving ---------------------------------------------------------------------------------


def _stale(project_id: int, form, render):
    """Show the form again with the current version after a stale save; nothing is saved."""
    db = get_session()
    db.rollback()
    flash(_(STALE), "error")
    project = _project_or_404(project_id)
    settings = settings_of(db, project)
    form.version.data = str(settings.version) if settings is not None else ""
    return render(project, 409, form=form)


def _submit(project_id: int, form, render, write, endpoint: str, anchor: str):
    """Validate ``form`` and run ``write(db, project)``, which returns the message to flash.
    A refusal shows the page again with the message under its field; settings changed
    meanwhile show it with the current version; either way nothing is saved."""
    project = _editable_project(project_id)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return render(project, 400, form=form)
    db = get_session()
    try:
        done = write(db, project)
        db.commit()
    except CostsRefused as refusal:
        db.rollback()
        if refusal.message == STALE:
            return _stale(project_id, form, render)
        _field_error(form, refusal.field, message(refusal.message, refusal.params))
        return render(_project_or_404(project_id), 400, form=form)
    except ec.EconomicsError as error:
        db.rollback()
        _field_error(form, _form_field(error.field), _economics_message(form, error))
        return render(_project_or_404(project_id), 400, form=form)
    except (StaleDataError, IntegrityError):
        return _stale(project_id, form, render)
    flash(done, "success")
    return redirect(url_for(endpoint, project_id=project_id, _anchor=anchor))


@bp.route("/<int:project_id>/economics", methods=["GET", "POST"])
@login_required
def economics(project_id: int):
    """The calculation: every role reads it; the project's editors save the settings (POST)."""
    project = _project_or_404(project_id)
    form = SettingsForm(prefix="settings")

    def write(db: Session, project: Project) -> str:
        save_settings(db, project, discount_rate=form.discount_rate.data,
                      price_year=form.price_year.data,
                      sensitivity_factor=form.sensitivity_factor.data,
                      version=_version(form.version.data, settings_of(db, project)))
        return _("The settings were saved.")

    if request.method == "GET":
        return _render_economics(project)
    return _submit(project_id, form, _render_economics, write, "projects.economics",
                   "settings")


def _save_monte_carlo(project_id: int, *, run: bool):
    form = MonteCarloForm(prefix="mc")

    def write(db: Session, project: Project) -> str:
        save_monte_carlo_settings(db, project, ranges=form.ranges(), seed=form.seed.data,
                                  draws=form.draws.data,
                                  version=_version(form.version.data, settings_of(db, project)))
        if not run:
            return _("The Monte Carlo settings were saved.")
        result = run_monte_carlo(db, project)
        return _("The simulation was run: %(draws)s draws with the seed %(seed)s.",
                 draws=count_text(result.draws), seed=result.seed)

    return _submit(project_id, form, _render_sensitivity, write, "projects.sensitivity",
                   "monte-carlo")


@bp.route("/<int:project_id>/sensitivity", methods=["GET", "POST"])
@login_required
def sensitivity(project_id: int):
    """The sensitivity analysis: every role reads it; the project's editors save the Monte
    Carlo's ranges, seed and draws without running it (POST)."""
    if request.method == "GET":
        return _render_sensitivity(_project_or_404(project_id))
    return _save_monte_carlo(project_id, run=False)


@bp.route("/<int:project_id>/sensitivity/run", methods=["POST"])
@login_required
def sensitivity_run(project_id: int):
    """Save the Monte Carlo's settings and run it, all or nothing (the project's editors)."""
    return _save_monte_carlo(project_id, run=True)
