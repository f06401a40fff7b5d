"""Check a satsa/1 document without touching the database."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from models.calls import ANSWER_MAX, GUIDANCE_MAX, QUESTION_MAX
from models.domain import N_
from models.domain import logic as lm
from models.domain.checklist import ITEMS_BY_CODE
from models.domain.personnummer import looks_like_personnummer
from models.domain.ses import MIN_AREAS
from models.exchange import schema as s
from models.exchange.checker import MAX_INT, Checker, Obj, is_email, join
from models.exchange.design_check import check_design, check_risk_matrix
from models.exchange.economics_check import check_economics, check_library
from models.exchange.errors import ValidationError
from models.exchange.follow_up_check import check_follow_up
from models.logic_models import MEASURE_LIMIT

#: Money columns hold up to 999 999 999 999.99, shares and weights up to 999.9999.
MONEY_LIMIT = Decimal("1000000000000")
SHARE_LIMIT = Decimal("1000")
MAX_POSITION = 2**31 - 1
#: Checklist items a user confirms (the others are derived from the project's data).
CONFIRMABLE = frozenset(code for code, item in ITEMS_BY_CODE.items() if not item.derived)
#: Element and indicator keys are stored in 20 characters.
LOGIC_KEY_LENGTH = 20
#: The longest purpose, time horizon and list of assumptions the logic model's forms accept.
MAX_PURPOSE = 2 * lm.MAX_TEXT
MAX_HORIZON = 600
MAX_ASSUMPTIONS = 50
#: Years of indicators and analyses, as the forms of the needs analysis accept them.
MIN_YEAR, MAX_YEAR = 1900, 2100
#: The largest area boundary file (GeoJSON, written compactly) an analysis may hold.
MAX_GEOJSON_BYTES = 10 * 1024 * 1024


def _define(checker: Checker, seen: dict[str, str], key: str | None, path: str) -> None:
    """Note ``key`` as defined at ``path``; report it when ``seen`` has it already."""
    if key is None:
        return
    if key in seen:
        checker.error(path, N_("'%(key)s' is used twice (also at %(other)s)"),
                      key=key, other=seen[key])
    else:
        seen[key] = path


class _Refs:
    """Keys seen per collection, and references to check once every collection is read.

    ``ledgers`` holds each fund's ledger (its path and each entry's project) and ``questions``
    each call's question numbers, for the references into them.
    """

    def __init__(self, checker: Checker):
        self.checker = checker
        self.seen: dict[str, dict[str, str]] = {}
        self.pending: list[tuple[str, str, str]] = []
        self.ledgers: dict[str, tuple[str, list[Any]]] = {}
        self.questions: dict[str, set[int]] = {}

    def define(self, collection: str, key: str | None, path: str) -> None:
        _define(self.checker, self.seen.setdefault(collection, {}), key, path)

    def refer(self, collection: str, key: str | None, path: str) -> None:
        if key is not None:
            self.pending.append((collection, key, path))

    def resolve(self) -> None:
        labels = {
            "department": N_("no department has the key '%(key)s'"),
            "fund": N_("no fund has the key '%(key)s'"),
            "criterion": N_("no criterion has the key '%(key)s'"),
            "project": N_("no project has the key '%(key)s'"),
            "need_area": N_("no need area has the key '%(key)s'"),
            "user": N_("no user in organisation.users has the e-mail address '%(key)s'"),
            "call": N_("no call has the key '%(key)s'"),
        }
        for collection, key, path in self.pending:
            if key not in self.seen.get(collection, {}):
                self.checker.error(path, labels[collection], key=key)


def validate_document(doc: Any) -> list[ValidationError]:
    """Return every problem in ``doc``, each with the JSON path of the bad value."""
    c = Checker()
    refs = _Refs(c)
    root = c.object(doc, "", s.TOP_LEVEL)
    if root is not None:
        fmt = root.text("format")
        if fmt is not None and fmt != s.FORMAT:
            c.error("format", N_("must be \"%(format)s\""), format=s.FORMAT)
        root.text("exported_at", nullable=True)
        for name in s.TOP_LEVEL_NOT_STORED:
            for path, item in root.array(name):
                if not isinstance(item, dict):
                    c.error(path, N_("must be an object"))
        organisation = root.object("organisation", s.ORGANISATION)
        if organisation is not None:
            _check_organisation(organisation, refs)
        for _i, fund in root.objects("funds", s.FUND):
            _check_fund(fund, refs)
        for _i, criterion in root.objects("criteria", s.CRITERION):
            refs.define("criterion", criterion.slug("key"), criterion.path_of("key"))
            criterion.text("name", max_length=200)
            criterion.decimal("weight", places=4, minimum=Decimal(0), below=SHARE_LIMIT)
            criterion.integer("scale_max", minimum=1, maximum=1000)
            criterion.boolean("must")
            criterion.text("description")
            criterion.integer("position", minimum=-MAX_POSITION, maximum=MAX_POSITION,
                              nullable=True)
        library = check_library(root)
        for _i, area in root.objects("need_areas", s.NEED_AREA):
            _check_need_area(area, refs)
        for _i, call in root.objects("calls", s.CALL):
            _check_call(call, refs)
        scale = check_risk_matrix(root)
        for _i, project in root.objects("projects", s.PROJECT, extra=s.PROJECT_NOT_STORED):
            _check_project(project, refs)
            check_design(project, scale)
            check_economics(project, library)
            check_follow_up(project, library)
        refs.resolve()
    c.errors.extend(personnummer_errors(doc))
    return c.errors


def _check_organisation(org: Obj, refs: _Refs) -> None:
    org.text("name", max_length=200)
    org.boolean("is_demo")
    for _i, department in org.objects("departments", s.DEPARTMENT):
        refs.define("department", department.slug("key"), department.path_of("key"))
        department.text("name", max_length=200)
    for _i, user in org.objects("users", s.USER):
        refs.define("user", user.email("email"), user.path_of("email"))
        user.text("name", max_length=200)
        user.choice("role", s.ROLES)
        user.choice("locale", s.LOCALES)
        user.boolean("active")


def _check_fund(fund: Obj, refs: _Refs) -> None:
    key = fund.slug("key")
    refs.define("fund", key, fund.path_of("key"))
    ledger = fund.data.get("ledger", [])
    if key is not None and key not in refs.ledgers and isinstance(ledger, list):
        refs.ledgers[key] = (fund.path_of("ledger"), [
            entry.get("project") if isinstance(entry, dict) else None for entry in ledger
        ])
    fund.text("name", max_length=200)
    fund.decimal("capital", places=2, minimum=Decimal(0), below=MONEY_LIMIT)
    _check_period(fund)
    fund.decimal("central_risk_share", places=4, minimum=Decimal(0), maximum=Decimal(1))
    fund.text("rules")
    for _i, entry in fund.objects("ledger", s.LEDGER_ENTRY):
        entry.day("date")
        entry.choice("kind", s.LEDGER_KINDS)
        entry.decimal("amount", places=2, below=MONEY_LIMIT)
        refs.refer("project", entry.slug("project", nullable=True), entry.path_of("project"))
        entry.text("note")
        if entry.boolean("override") and not (entry.text("override_reason") or "").strip():
            entry.checker.error(entry.path_of("override_reason"),
                                N_("an override needs its recorded reason"))
        else:
            entry.text("override_reason")
        entry.text("recorded_by", max_length=254)
        entry.moment("recorded_at", nullable=True)
    for _i, flow in fund.objects("plan", s.PLANNED_FLOW):
        flow.integer("year", minimum=1900, maximum=2200)
        flow.choice("kind", s.PLANNED_KINDS)
        flow.decimal("amount", places=2, minimum=Decimal(0), below=MONEY_LIMIT)
        refs.refer("project", flow.slug("project", nullable=True), flow.path_of("project"))
        flow.text("note")


def _check_period(obj: Obj) -> None:
    start = obj.day("start", nullable=True)
    end = obj.day("end", nullable=True)
    if start is not None and end is not None and end < start:
        obj.checker.error(obj.path_of("end"), N_("is before the start"))


def _check_key_list(obj: Obj, key: str, collection: str, refs: _Refs, *, email: bool = False):
    seen: set[str] = set()
    for path, value in obj.array(key):
        valid = isinstance(value, str) and (is_email(value) if email else True)
        if not valid:
            obj.checker.error(path, N_("must be a lower-case e-mail address") if email
                              else N_("must be a key in a string"))
        elif value in seen:
            obj.checker.error(path, N_("'%(key)s' is listed twice"), key=value)
        else:
            seen.add(value)
            refs.refer(collection, value, path)


def _check_project(project: Obj, refs: _Refs) -> None:
    refs.define("project", project.slug("key"), project.path_of("key"))
    project.text("title", max_length=200)
    project.choice("stage", s.STAGES)
    project.text("need_description")
    project.text("ordinary_practice")
    _check_key_list(project, "need_areas", "need_area", refs)
    _check_key_list(project, "departments", "department", refs)
    refs.refer("fund", project.slug("fund", nullable=True), project.path_of("fund"))
    _check_period(project)
    project.decimal("budget_request", places=2, below=MONEY_LIMIT, nullable=True)
    for role in ("owner", "leader"):
        refs.refer("user", project.email(role, nullable=True), project.path_of(role))
    _check_key_list(project, "members", "user", refs, email=True)
    target = project.object("target_group", s.TARGET_GROUP)
    if target is not None:
        _check_target_group(target)
    rated: set[tuple[str, str]] = set()
    for _i, score in project.objects("scores", s.SCORE):
        rater = score.email("rater")
        criterion = score.slug("criterion")
        refs.refer("user", rater, score.path_of("rater"))
        refs.refer("criterion", criterion, score.path_of("criterion"))
        score.integer("value", maximum=1000)
        score.text("comment")
        if rater is not None and criterion is not None:
            if (rater, criterion) in rated:
                project.checker.error(score.path, N_("%(rater)s scored %(criterion)s twice"),
                                      rater=rater, criterion=criterion)
            rated.add((rater, criterion))
    for _i, change in project.objects("stage_history", s.STAGE_CHANGE):
        change.moment("at")
        change.choice("from", s.STAGES)
        change.choice("to", s.STAGES)
        change.text("by", max_length=254)
        change.text("reason")
        change.boolean("gate_override")
    logic_model = project.object("logic_model", s.LOGIC_MODEL)
    if logic_model is not None:
        _check_logic_model(logic_model)
        baseline = logic_model.object("baseline", s.LOGIC_BASELINE, nullable=True)
        if baseline is not None:
            baseline.moment("frozen_at", nullable=True)
            baseline.text("frozen_by", max_length=254)
            _check_logic_model(baseline)
    confirmed: set[str] = set()
    for _i, confirmation in project.objects("checklist_confirmations", s.CONFIRMATION):
        item = confirmation.choice("item", sorted(CONFIRMABLE))
        if item is not None:
            if item in confirmed:
                confirmation.checker.error(confirmation.path_of("item"),
                                           N_("'%(key)s' is listed twice"), key=item)
            confirmed.add(item)
        confirmation.day("confirmed_on")
        confirmation.text("by", max_length=254)
        confirmation.text("comment")
    project.boolean("scores_open")
    submitted: set[str] = set()
    for _i, submission in project.objects("score_submissions", s.SUBMISSION):
        rater = submission.email("rater")
        refs.refer("user", rater, submission.path_of("rater"))
        if rater is not None:
            if rater in submitted:
                submission.checker.error(submission.path_of("rater"),
                                         N_("'%(key)s' is listed twice"), key=rater)
            submitted.add(rater)
        submission.moment("submitted_at")
    _check_proposal(project, refs)


def _check_target_group(target: Obj) -> None:
    target.text("description")
    age_min = target.integer("age_min", maximum=150, nullable=True)
    age_max = target.integer("age_max", maximum=150, nullable=True)
    if age_min is not None and age_max is not None and age_max < age_min:
        target.checker.error(target.path_of("age_max"), N_("is below age_min"))
    size_total = target.integer("size_total", nullable=True)
    size_reached = target.integer("size_reached", nullable=True)
    if size_total is not None and size_reached is not None and size_reached > size_total:
        target.checker.error(target.path_of("size_reached"), N_("is above size_total"))
    target.choice("life_stage", s.LIFE_STAGES, nullable=True)
    target.choice("prevention_level", s.PREVENTION_LEVELS, nullable=True)
    for key in ("diagnosis", "risk_factor", "geography", "current_intervention"):
        target.text(key)


# --- calls, screening, feedback letters and decisions ------------------------------------------


def _check_call(call: Obj, refs: _Refs) -> None:
    c = call.checker
    key, given = call.slug("key"), call.data.get("key")
    # A malformed key (reported) still counts as defined: references to it are not reported too.
    key = given if key is None and isinstance(given, str) else key
    first = key is not None and key not in refs.seen.get("call", {})
    refs.define("call", key, call.path_of("key"))
    call.text("title", max_length=200, blank=False)
    kind = call.choice("kind", s.CALL_KINDS)
    refs.refer("fund", call.slug("fund"), call.path_of("fund"))
    call.text("description")
    opens = call.day("opens")
    closes = call.day("closes")
    if opens is not None and closes is not None and closes < opens:
        c.error(call.path_of("closes"), N_("is before opens"))
    expected = call.day("decision_expected", nullable=True)
    if expected is not None and closes is not None and expected < closes:
        c.error(call.path_of("decision_expected"), N_("is before closes"))
    department = call.slug("department", nullable=True)
    refs.refer("department", department, call.path_of("department"))
    if department is not None and kind is not None and kind != "direct":
        c.error(call.path_of("department"),
                N_("only a direct assignment names a department (leave it null)"))
    _check_key_list(call, "criteria", "criterion", refs)
    _check_key_list(call, "need_areas", "need_area", refs)
    if kind == "need_based" and call.data.get("need_areas", []) == []:
        c.error(call.path_of("need_areas"),
                N_("a call based on need areas must name at least one need area"))
    if kind == "direct" and call.data.get("department") is None:
        c.error(call.path_of("department"),
                N_("a direct assignment must name the department it is given to"))
    positions: dict[int, str] = {}
    # The answers are checked against the questions only when every question has its own number.
    numbered = isinstance(call.data.get("questions", []), list)
    for _i, question in call.objects("questions", s.QUESTION):
        position = question.integer("position", minimum=1, maximum=MAX_POSITION)
        path = question.path_of("position")
        if position is None:
            numbered = False
        elif positions.setdefault(position, path) != path:
            numbered = False
            c.error(path, N_("question %(n)d is given twice (also at %(other)s)"),
                    n=position, other=positions[position])
        question.text("text", max_length=QUESTION_MAX, blank=False)
        question.text("guidance", max_length=GUIDANCE_MAX)
        question.boolean("required")
    if first and numbered and len(positions) == len(call.data.get("questions", [])):
        refs.questions[key] = set(positions)


def _check_proposal(project: Obj, refs: _Refs) -> None:
    """A project's call, its answers to the call's questions, screening, letter and decisions."""
    c = project.checker
    call = project.slug("call", nullable=True)
    refs.refer("call", call, project.path_of("call"))
    questions = refs.questions.get(call) if call is not None else None
    answers = project.data.get("answers", [])
    if project.data.get("call") is None and isinstance(answers, list) and answers:
        c.error(project.path_of("answers"), N_("the project answers no call"))
    answered: dict[int, str] = {}
    for _i, answer in project.objects("answers", s.ANSWER):
        number = answer.integer("question", minimum=1, maximum=MAX_POSITION)
        answer.text("text", max_length=ANSWER_MAX)
        path = answer.path_of("question")
        if number is None:
            continue
        if questions is not None and number not in questions:
            c.error(path, N_("the call '%(call)s' has no question %(n)d"), call=call, n=number)
        elif answered.setdefault(number, path) != path:
            c.error(path, N_("question %(n)d is answered twice (also at %(other)s)"),
                    n=number, other=answered[number])
    screening = project.object("screening", s.SCREENING, nullable=True)
    if screening is not None:
        _check_screening(screening, refs)
    letter = project.object("feedback_letter", s.FEEDBACK_LETTER, nullable=True)
    if letter is not None:
        letter.choice("status", s.FEEDBACK_STATUSES)
        for key in ("opening", "strengths", "weaknesses", "improvements", "closing"):
            letter.text(key)
        letter.text("signed_by", max_length=200)
        letter.moment("drafted_at", nullable=True)
        letter.moment("sent_at", nullable=True)
        letter.text("sent_by", max_length=254)
    history = project.data.get("stage_history", [])
    changes = len(history) if isinstance(history, list) else None
    for _i, decision in project.objects("decisions", s.DECISION):
        _check_decision(decision, refs, project.data.get("key"), changes)


def _check_screening(screening: Obj, refs: _Refs) -> None:
    c = screening.checker
    status = screening.choice("status", s.SCREENING_STATUSES)
    reason = screening.text("reason")
    if status == "set_aside" and reason is not None and not reason.strip():
        c.error(screening.path_of("reason"), N_("a proposal set aside needs the reason"))
    screening.text("completion_request")
    for key in ("requested_at", "completed_at", "screened_at"):
        screening.moment(key, nullable=True)
    screening.choice("risk_level", s.ASSESSMENT_LEVELS, nullable=True)
    screening.choice("complexity", s.ASSESSMENT_LEVELS, nullable=True)
    screening.text("note")
    screening.text("screened_by", max_length=254)
    checked: set[str] = set()
    for _i, check in screening.objects("must_checks", s.MUST_CHECK):
        criterion = check.slug("criterion")
        refs.refer("criterion", criterion, check.path_of("criterion"))
        if criterion is not None:
            if criterion in checked:
                c.error(check.path_of("criterion"), N_("'%(key)s' is listed twice"),
                        key=criterion)
            checked.add(criterion)
        check.boolean("passed")
        check.text("note")


def _check_decision(decision: Obj, refs: _Refs, project: Any, changes: int | None) -> None:
    c = decision.checker
    decision.choice("body", s.DECISION_BODIES)
    decision.text("body_name", max_length=200)
    decision.day("decided_on")
    decision.text("reference", max_length=100)
    decision.choice("outcome", s.DECISION_OUTCOMES)
    decision.decimal("amount", places=2, minimum=Decimal(0), below=MONEY_LIMIT, nullable=True)
    decision.text("conditions")
    decision.text("recorded_by", max_length=254)
    decision.moment("recorded_at", nullable=True)
    change = decision.integer("stage_change", nullable=True)
    if change is not None and changes is not None and change >= changes:
        c.error(decision.path_of("stage_change"),
                N_("the project's stage_history has no item %(n)d"), n=change)
    entry = decision.object("ledger_entry", s.LEDGER_REFERENCE, nullable=True)
    if entry is None:
        return
    fund = entry.slug("fund")
    refs.refer("fund", fund, entry.path_of("fund"))
    index = entry.integer("index")
    if fund is None or index is None or fund not in refs.ledgers:
        return
    path, projects = refs.ledgers[fund]
    if index >= len(projects):
        c.error(entry.path_of("index"), N_("the fund '%(fund)s' has no ledger entry %(n)d"),
                fund=fund, n=index)
    elif projects[index] != project:
        c.error(entry.path, N_("%(entry)s is not an entry of this project"),
                entry=join(path, index))


def _check_logic_model(model: Obj) -> None:
    """Check a logic model (a project's current model or its baseline): keys are unique within
    the model, and links join two different elements of the same model once."""
    c = model.checker
    model.text("purpose", max_length=MAX_PURPOSE)
    elements: dict[str, str] = {}
    indicators: dict[str, str] = {}
    # Every key given, even a malformed one (already reported), so links to it are not reported.
    named: set[str] = set()
    for _i, element in model.objects("elements", s.ELEMENT):
        if isinstance(element.data.get("key"), str):
            named.add(element.data["key"])
        key = element.slug("key", max_length=LOGIC_KEY_LENGTH)
        _define(c, elements, key, element.path_of("key"))
        element.choice("level", lm.LEVELS)
        element.text("text", max_length=lm.MAX_TEXT, blank=False)
        for _j, indicator in element.objects("indicators", s.INDICATOR):
            key = indicator.slug("key", max_length=LOGIC_KEY_LENGTH)
            _define(c, indicators, key, indicator.path_of("key"))
            _check_indicator(indicator)
        _check_assumptions(element)
    links: set[tuple[str, str]] = set()
    for _i, link in model.objects("links", s.LINK):
        source, target = link.text("from"), link.text("to")
        for end, value in (("from", source), ("to", target)):
            if value is not None and value not in named:
                c.error(link.path_of(end), N_("no element has the key '%(key)s'"), key=value)
        if source is None or target is None:
            continue
        if source == target:
            c.error(link.path, N_("an element cannot link to itself"))
        elif (source, target) in links:
            c.error(link.path, N_("the link from '%(source)s' to '%(target)s' is given twice"),
                    source=source, target=target)
        links.add((source, target))


def _check_indicator(indicator: Obj) -> None:
    indicator.text("name", max_length=lm.MAX_NAME, blank=False)
    indicator.choice("kind", lm.INDICATOR_KINDS)
    indicator.text("data_source", max_length=lm.MAX_TEXT)
    indicator.choice("unit", lm.UNITS, nullable=True)
    for key in ("baseline", "target"):
        indicator.decimal(key, places=4, below=MEASURE_LIMIT, nullable=True)
    indicator.integer("horizon_months", maximum=MAX_HORIZON, nullable=True)
    indicator.choice("data_source_kind", lm.DATA_SOURCE_KINDS, nullable=True)
    indicator.choice("data_level", lm.DATA_LEVELS, nullable=True)


def _check_assumptions(element: Obj) -> None:
    """Assumptions are stored one per line: each must be one line of text."""
    items = list(element.array("assumptions"))
    if len(items) > MAX_ASSUMPTIONS:
        element.checker.error(element.path_of("assumptions"),
                              N_("has more than %(n)d items"), n=MAX_ASSUMPTIONS)
    for path, item in items:
        if not isinstance(item, str):
            element.checker.error(path, N_("must be a string"))
        elif not item.strip():
            element.checker.error(path, N_("must not be empty"))
        elif len(item.strip().splitlines()) > 1:
            element.checker.error(path, N_("must be a single line"))
        elif len(item.strip()) > lm.MAX_TEXT:
            element.checker.error(path, N_("is longer than %(n)d characters"), n=lm.MAX_TEXT)


def _check_need_area(area: Obj, refs: _Refs) -> None:
    c = area.checker
    key, given = area.slug("key"), area.data.get("key")
    # A malformed key (reported) still counts as defined: references to it are not reported too.
    refs.define("need_area", given if key is None and isinstance(given, str) else key,
                area.path_of("key"))
    area.text("title", max_length=200, blank=False)
    area.text("description")
    area.choice("status", s.NEED_STATUSES)
    area.text("outcome")
    area.text("target_group")
    area.choice("raised_by_kind", s.RAISED_BY_KINDS, nullable=True)
    area.text("raised_by", max_length=200)
    refs.refer("department", area.slug("department", nullable=True), area.path_of("department"))
    indicators: dict[str, str] = {}
    for _i, indicator in area.objects("indicators", s.NEED_INDICATOR):
        _define(c, indicators, indicator.slug("key"), indicator.path_of("key"))
        _check_need_indicator(indicator)
    for _i, source in area.objects("data_sources", s.DATA_SOURCE):
        source.text("name", max_length=200, blank=False)
        source.choice("kind", s.SOURCE_KINDS)
        source.text("holder", max_length=200)
        source.choice("level", s.SOURCE_LEVELS, nullable=True)
        source.text("legal_limits")
        source.text("note")
    for _i, source in area.objects("qualitative_sources", s.QUALITATIVE_SOURCE):
        source.text("title", max_length=200, blank=False)
        source.choice("method", s.QUALITATIVE_METHODS)
        source.day("conducted_on", nullable=True)
        source.text("participants", max_length=500)
        source.text("summary")
    for _i, analysis in area.objects("ses_analyses", s.SES_ANALYSIS):
        _check_ses_analysis(analysis)
    for _i, analysis in area.objects("flow_analyses", s.FLOW_ANALYSIS):
        analysis.text("title", max_length=200, blank=False)
        analysis.text("period", max_length=100)
        analysis.moment("created_at", nullable=True)
        analysis.text("created_by", max_length=254)
        counts = analysis.object("counts", s.FLOW_COUNTS)
        if counts is not None:
            _check_flow_counts(counts)


def _measure(obj: Obj, key: str, *, nullable: bool = False) -> Decimal | None:
    """Read a measured value: at most four decimals, below 10¹⁰ in absolute value."""
    return obj.decimal(key, places=4, below=MEASURE_LIMIT, nullable=nullable)


def _check_need_indicator(indicator: Obj) -> None:
    indicator.text("name", max_length=200, blank=False)
    indicator.text("unit", max_length=40)
    indicator.integer("year", minimum=MIN_YEAR, maximum=MAX_YEAR, nullable=True)
    _measure(indicator, "value", nullable=True)
    _measure(indicator, "comparison_value", nullable=True)
    indicator.text("source")
    indicator.text("comparison_label", max_length=200)
    # Categories are matched without regard to case, as the needs pages match them.
    categories: dict[tuple[str, str], str] = {}
    for _i, breakdown in indicator.objects("breakdowns", s.BREAKDOWN):
        dimension = breakdown.choice("dimension", s.DIMENSIONS)
        category = breakdown.text("category", max_length=100, blank=False)
        _measure(breakdown, "value")
        if dimension is None or category is None:
            continue
        path = breakdown.path_of("category")
        other = categories.setdefault((dimension, category.casefold()), path)
        if other != path:
            breakdown.checker.error(
                path, N_("the category '%(category)s' of %(dimension)s is given twice (also at "
                         "%(other)s)"), category=category, dimension=dimension, other=other)


def _check_ses_analysis(analysis: Obj) -> None:
    c = analysis.checker
    analysis.text("title", max_length=200, blank=False)
    analysis.integer("year", minimum=MIN_YEAR, maximum=MAX_YEAR, nullable=True)
    analysis.text("outcome_label", max_length=200)
    name_property = analysis.text("name_property", max_length=100, blank=False)
    analysis.moment("created_at", nullable=True)
    analysis.text("created_by", max_length=254)
    names: dict[str, str] = {}
    count = 0
    for _i, row in analysis.objects("areas", s.SES_AREA):
        count += 1
        _define(c, names, row.text("area", max_length=200, blank=False), row.path_of("area"))
        for variable in ("education", "employment", "nordic_born", "income"):
            _measure(row, variable)
        _measure(row, "outcome", nullable=True)
    if isinstance(analysis.data.get("areas"), list) and count < MIN_AREAS:
        c.error(analysis.path_of("areas"),
                N_("the socio-economic index needs at least two areas"))
    _check_geojson(analysis, name_property, names)


def _check_geojson(analysis: Obj, name_property: str | None, areas: dict[str, str]) -> None:
    """The area boundaries: null, or a GeoJSON FeatureCollection whose features name every
    area of the analysis in the property ``name_property``, as the upload form requires."""
    value = analysis.data.get("geojson")
    path = analysis.path_of("geojson")
    c = analysis.checker
    if value is None:
        return
    if not isinstance(value, dict):
        c.error(path, N_("must be an object"))
        return
    try:
        size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                              allow_nan=False).encode("utf-8"))
    except (ValueError, TypeError, RecursionError):
        c.error(path, N_("is not valid GeoJSON"))
        return
    if size > MAX_GEOJSON_BYTES:
        c.error(path, N_("is larger than %(n)d MB"), n=MAX_GEOJSON_BYTES // (1024 * 1024))
        return
    features = value.get("features")
    if not isinstance(features, list) or not features:
        c.error(join(path, "features"),
                N_("must be an array of the features (the areas' boundaries)"))
        return
    if name_property is None:
        return
    named: set[str] = set()
    for i, feature in enumerate(features):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        name = properties.get(name_property) if isinstance(properties, dict) else None
        if not isinstance(name, str) or not isinstance(feature.get("geometry"), dict):
            c.error(join(join(path, "features"), i),
                    N_("has no geometry or no property '%(property)s' naming its area"),
                    property=name_property)
            return
        named.add(name)
    missing = sorted(set(areas) - named)
    if missing:
        c.error(path, N_("has no feature for the areas %(areas)s"), areas=", ".join(missing))


def _whole(c: Checker, path: str, value: Any) -> int | None:
    """Read a count in an array: a whole number from 0."""
    if isinstance(value, bool) or not isinstance(value, int):
        c.error(path, N_("must be a whole number"))
        return None
    if not 0 <= value <= MAX_INT:
        c.error(path, N_("must be between %(minimum)d and %(maximum)d"), minimum=0,
                maximum=MAX_INT)
        return None
    return value


def _placement(c: Checker, path: str, value: Any) -> str | None:
    if not isinstance(value, str) or value not in s.PLACEMENT_TYPES:
        c.error(path, N_("must be one of: %(choices)s"), choices=", ".join(s.PLACEMENT_TYPES))
        return None
    return value


def _tuples(counts: Obj, key: str, length: int, message: str):
    """Yield (path, items) for each array of ``length`` items in the array ``key``."""
    for path, item in counts.array(key):
        if not isinstance(item, list) or len(item) != length:
            counts.checker.error(path, message)
        else:
            yield path, item


def _check_flow_counts(counts: Obj) -> None:
    """The stored result of a flow analysis: totals, transitions, paths and the three groups."""
    c = counts.checker
    for key in s.FLOW_TOTALS:
        counts.integer(key)
    transitions: dict[tuple[str, str], str] = {}
    for path, (source, target, count) in _tuples(
        counts, "transitions", 3, N_("must be an array [source, target, count]")
    ):
        source = _placement(c, join(path, 0), source)
        target = _placement(c, join(path, 1), target)
        _whole(c, join(path, 2), count)
        if source is not None and target is not None:
            other = transitions.setdefault((source, target), path)
            if other != path:
                c.error(path, N_("the transition from '%(source)s' to '%(target)s' is given "
                                 "twice (also at %(other)s)"),
                        source=source, target=target, other=other)
    paths: dict[tuple[str, ...], str] = {}
    for path, (sequence, count) in _tuples(
        counts, "paths", 2, N_("must be an array [placements, count]")
    ):
        _whole(c, join(path, 1), count)
        if not isinstance(sequence, list) or not sequence:
            c.error(join(path, 0), N_("must be an array of placement types, not empty"))
            continue
        types = [_placement(c, join(join(path, 0), j), t) for j, t in enumerate(sequence)]
        if None not in types:
            other = paths.setdefault(tuple(types), path)
            if other != path:
                c.error(path, N_("the path is given twice (also at %(other)s)"), other=other)
    keys = []
    for path, (key, count, open_care) in _tuples(
        counts, "groups", 3, N_("must be an array [group, count, open_care]")
    ):
        if isinstance(key, str) and key in s.GROUPS:
            keys.append(key)
        else:
            c.error(join(path, 0), N_("must be one of: %(choices)s"),
                    choices=", ".join(s.GROUPS))
        count = _whole(c, join(path, 1), count)
        open_care = _whole(c, join(path, 2), open_care)
        if count is not None and open_care is not None and open_care > count:
            c.error(join(path, 2), N_("is above the group's count"))
    groups = counts.data.get("groups")
    if isinstance(groups, list) and len(keys) == len(groups) and tuple(keys) != s.GROUPS:
        c.error(counts.path_of("groups"), N_("must list the groups %(groups)s once each, in "
                                             "this order"), groups=", ".join(s.GROUPS))


def personnummer_errors(doc: Any) -> list[ValidationError]:
    """Return an error for each string (value or key) that looks like a personal identity number."""
    errors = []
    # Walk with a stack rather than recursion: the document's depth is the uploader's choice.
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if looks_like_personnummer(value):
                errors.append(ValidationError(path or "$", N_(
                    "looks like a personal identity number; the application stores no personal "
                    "identity numbers, remove it")))
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                child = join(path, key)
                if looks_like_personnummer(key):
                    errors.append(ValidationError(child, N_(
                        "this key looks like a personal identity number; remove it")))
                stack.append((child, item))
        elif isinstance(value, list):
            for i in reversed(range(len(value))):
                stack.append((join(path, i), value[i]))
    return errors
