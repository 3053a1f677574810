#!/usr/bin/env python
"""Train the referral risk model: a thin shell over ``referral_nlp.modeling.training.train``.

    python training/train.py --profile cpu-quick --data-dir runs/synth --output-dir runs/train
    python training/train.py --config training/configs/gpu.yaml --data-dir DIR --output-dir OUT
    accelerate launch --multi_gpu --num_processes 4 training/train.py --profile multi-gpu ...
    torchrun --nproc_per_node 4 training/train.py --profile multi-gpu ...

Values merge as profile < --config file < flags; `--help` lists every flag. The same run is
`referral-nlp train ...`. See training/README.md.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from referral_nlp.offline import default_hf_offline

    default_hf_offline()
    rank = int(os.environ.get("RANK", "0"))
    logging.basicConfig(
        level=logging.INFO if rank == 0 else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    from referral_nlp.cli import USER_ERRORS
    from referral_nlp.modeling.training import TrainingConfig, train

    try:
        config = TrainingConfig.from_args(argv)
        result = train(config)
    except USER_ERRORS as exc:  # as `referral-nlp train`: anything else keeps its traceback
        print(f"train: error: {exc}", file=sys.stderr)
        return 2
    if rank == 0:
        print(result.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
