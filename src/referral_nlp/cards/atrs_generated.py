"""The ATRS fields a card generates from its own content (model, data, performance, risks).

:func:`fill_atrs` writes the ``generated`` fields of the card's
:class:`~referral_nlp.cards.atrs.ATRSRecord` from the model details, the evaluation and the
training data; a field whose source is missing (the data specification of a council's own
export) keeps :data:`~referral_nlp.cards.atrs.DEPLOYER_MARKER`. The deploying organisation's
file is applied afterwards and may not overwrite these.
"""

from __future__ import annotations

from referral_nlp.cards.atrs import DEPLOYER_MARKER
from referral_nlp.cards.content import MetricCI, ModelCardData
from referral_nlp.cards.formatting import fmt_num

__all__ = ["fill_atrs"]


def fill_atrs(data: ModelCardData) -> None:
    atrs = data.atrs
    model = data.model
    titles = {label.name: label.title.lower() for label in data.labels}
    label_list = " and ".join(titles.values()) or "the outcomes in its configuration"
    atrs.detailed_description = (
        f"{model.architecture} It estimates {label_list} for a case about to be closed. "
        "Personal data are removed from the text first. Calibration and the operating points "
        "(the thresholds behind the bands) are chosen on the validation split; every reported "
        "number is measured on a separate test split of later cases from other families."
    )
    atrs.provided_information = (
        "For each case: the redacted text with what was removed highlighted; for "
        f"{label_list}, a calibrated probability and a band (low, medium or high, cut at the "
        "operating points chosen on validation); the sentences that pushed each score up or "
        f"down; and the model version ({model.version or 'n/a'})."
    )
    atrs.model_name = model.name
    atrs.model_version = (
        f"{model.version} (sha256 of the weights {model.weights_sha256})" if model.version else ""
    )
    atrs.model_task = (
        f"Binary risk estimation for {len(data.labels)} outcome(s). "
        + " ".join(f"{label.title}: {label.definition}" for label in data.labels)
        if data.labels
        else ""
    )
    inputs = f"Redacted free text ({', '.join(model.text_fields)})"
    if model.structured_fields:
        inputs += f" and the structured fields {', '.join(model.structured_fields)}"
    inputs += "."
    if model.protected_inputs:
        inputs += (
            f" Protected characteristics among the inputs: {', '.join(model.protected_inputs)}."
        )
    elif model.structured_fields:
        inputs += " Sex, ethnicity and disability are not inputs."
    atrs.model_input = inputs
    atrs.model_output = (
        "Per outcome, a calibrated probability between 0 and 1, a band and whether it is flagged; "
        "on request, the sentences whose removal changes the probability most (the explanation)."
    )
    atrs.model_architecture = model.architecture
    perf = []
    for label in data.labels:
        auc = label.calibrated.get("auroc", MetricCI(None))
        ece = label.calibrated.get("ece", MetricCI(None))
        text = f"{label.title}: AUROC {auc.text()}, ECE after calibration {fmt_num(ece.value)}"
        for p in label.operating_points:
            text += f"; at {p.name} precision {fmt_num(p.precision)} and recall {fmt_num(p.recall)}"
        perf.append(text)
    if perf:
        atrs.model_performance = (
            f"On the test split (n={data.evaluation.n_test}; {data.evaluation.confidence}% "
            "intervals): " + ". ".join(perf) + ". Per-group results and flagged gaps are in "
            "the model card."
        )
    source = (
        "a synthetic referral corpus made by referral-nlp synth"
        if data.training_data.synthetic
        else "the deploying organisation's case records"
        if data.training_data.synthetic is False
        else "data of unstated origin"
    )
    sizes = data.training_data.n_records
    atrs.datasets = (
        f"Training, validation and test splits of {source}"
        + (
            f" ({', '.join(f'{k} {v}' for k, v in sizes.items())} records)"
            if sizes
            else f" (validation {data.evaluation.n_validation}, test "
            f"{data.evaluation.n_test} records)"
        )
        + "; split by family and by time, so no family is in two splits."
    )
    atrs.dataset_purposes = (
        "Train: fitting the model. Validation: choosing the best training step, fitting the "
        "calibration and choosing the operating points. Test: every number reported, touched "
        "by nothing else."
    )
    atrs.data_modality = "Text (referral and assessment notes, redacted) and tabular data."
    atrs.data_quantities = atrs.datasets.split(";")[0] + "."
    atrs.sensitive_attributes = (
        "The notes hold special-category and criminal-offence data about children and adults; "
        "personal identifiers are removed before modelling. Sex, ethnicity and disability are "
        "recorded for the fairness evaluation"
        + (
            f" and {', '.join(model.protected_inputs)} are model inputs."
            if model.protected_inputs
            else " and are not model inputs."
        )
    )
    atrs.data_cleaning = (
        "Each record is validated against the case schema (field, type and code checks, naming "
        "file, row and field on failure); free text is redacted before any model sees it; "
        "splits are made by family and by time, and a split that shares a family or child "
        "with another is refused."
    )
    if data.training_data.synthetic:
        atrs.source_data_name = "Synthetic children's social care referral corpus (referral-nlp)"
        atrs.data_description = (
            "Synthetic closed-case records with referral notes, structured case fields, the "
            "two outcome labels and the generator's true probabilities; see the data card."
        )
        atrs.data_completeness_and_representativeness = (
            "Synthetic: complete by construction and representative of no council. Its rates "
            "are set near published figures for England, but its families, text and outcomes "
            "are simulated."
        )
        atrs.source_data_url = "Not applicable: generated locally by `referral-nlp synth`."
        atrs.data_collection = (
            "Generated by a documented simulation (the data card in the appendix describes it)."
        )
    else:
        for key in (
            "source_data_name",
            "data_description",
            "data_completeness_and_representativeness",
            "source_data_url",
            "data_collection",
        ):
            setattr(atrs, key, DEPLOYER_MARKER)
        if data.training_data.synthetic is False and data.training_data.summary:
            atrs.data_description = data.training_data.summary
    risks = [
        "Personal data leaking into the model, logs or reports: mitigated by redaction before "
        "any model (fail closed), artefacts and reports without text, and an audit log without "
        "personal data.",
        "Over-reliance on the score: mitigated by advisory bands, an explanation beside each "
        "score and human decision-making; to be reinforced by the deployer's training.",
        "Unequal performance or recording bias across groups: mitigated by per-group "
        "evaluation with flags, and protected characteristics kept out of the inputs.",
        "Miscalibrated or drifting probabilities: mitigated by calibration on validation, an "
        "ECE target checked on test, and re-evaluation.",
        "A swapped or altered model: mitigated by a sha256 manifest verified on every load and "
        "the model version recorded with every score.",
    ]
    for flag in data.flags:
        risks.append(f"Flagged by the evaluation: {flag.text()}.")
    atrs.risks_and_mitigations = " ".join(f"({i}) {r}" for i, r in enumerate(risks, 1))
