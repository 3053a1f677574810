"""Paraphrase banks for the facts of the latent state, one module per kind of fact.

Every latent quantity that moves the oracle has words here, so that the text carries the signal:
a current factor at each severity (:mod:`.current`, :mod:`.current_under_fours`), a repeat or
escalating frequency (:mod:`.severity_frequency`), historic and negated mentions (which carry no
risk, by design, but share the factor's vocabulary: :mod:`.historic_negated`), previous
involvement (:mod:`.previous_involvement`), engagement, protective adults, injury explanations
and the child's voice (:mod:`.family`).

Slots: the child ``{child}`` (first mention full, then short), ``{child_first}``, pronouns
``{he} {his} {him}``; the main carer ``{carer}``, role word ``{cw}`` ("mum"/"dad"), ``{cshe}``
``{cher}``; the other adult or alleged perpetrator ``{perp}``, role word ``{pw}`` ("dad",
"stepdad", "mum's partner"), ``{phe} {phis} {phim}``; a former partner ``{ex}``; the protective
adult ``{prot}`` and role ``{prot_w}``; dates ``{date_inc} {date_hist} {month_recent}
{date_future}``; places ``{town} {district} {country} {address}``; organisations ``{setting}
{surgery} {hospital}``. A capital letter ("{Cw}") capitalises a non-personal value.
"""
