"""The project's recognisers, one class per module, each named after its class."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from referral_nlp.redaction.recognizers.address_block_recognizer import AddressBlockRecognizer
from referral_nlp.redaction.recognizers.address_cue_recognizer import AddressCueRecognizer
from referral_nlp.redaction.recognizers.age_recognizer import AgeRecognizer
from referral_nlp.redaction.recognizers.bank_account_recognizer import BankAccountRecognizer
from referral_nlp.redaction.recognizers.caps_nominal_recognizer import CapsNominalRecognizer
from referral_nlp.redaction.recognizers.card_number_cue_recognizer import CardNumberCueRecognizer
from referral_nlp.redaction.recognizers.case_reference_recognizer import CaseReferenceRecognizer
from referral_nlp.redaction.recognizers.correspondence_name_recognizer import (
    CorrespondenceNameRecognizer,
)
from referral_nlp.redaction.recognizers.date_phrase_recognizer import DatePhraseRecognizer
from referral_nlp.redaction.recognizers.dotted_name_recognizer import DottedNameRecognizer
from referral_nlp.redaction.recognizers.driving_licence_recognizer import DrivingLicenceRecognizer
from referral_nlp.redaction.recognizers.email_address_recognizer import EmailAddressRecognizer
from referral_nlp.redaction.recognizers.family_name_recognizer import FamilyNameRecognizer
from referral_nlp.redaction.recognizers.hospital_number_recognizer import HospitalNumberRecognizer
from referral_nlp.redaction.recognizers.identifier_column_recognizer import (
    IdentifierColumnRecognizer,
)
from referral_nlp.redaction.recognizers.identifying_organisation_recognizer import (
    IdentifyingOrganisationRecognizer,
)
from referral_nlp.redaction.recognizers.initials_recognizer import InitialsRecognizer
from referral_nlp.redaction.recognizers.international_phone_recognizer import (
    InternationalPhoneRecognizer,
)
from referral_nlp.redaction.recognizers.location_cue_recognizer import LocationCueRecognizer
from referral_nlp.redaction.recognizers.nhs_number_recognizer import NhsNumberRecognizer
from referral_nlp.redaction.recognizers.ni_number_recognizer import NiNumberRecognizer
from referral_nlp.redaction.recognizers.non_latin_script_recognizer import (
    NonLatinScriptRecognizer,
)
from referral_nlp.redaction.recognizers.passport_number_recognizer import PassportNumberRecognizer
from referral_nlp.redaction.recognizers.person_name_recognizer import PersonNameRecognizer
from referral_nlp.redaction.recognizers.phone_cue_recognizer import PhoneCueRecognizer
from referral_nlp.redaction.recognizers.possessive_initials_recognizer import (
    PossessiveInitialsRecognizer,
)
from referral_nlp.redaction.recognizers.post_box_address_recognizer import (
    PostBoxAddressRecognizer,
)
from referral_nlp.redaction.recognizers.postal_code_cue_recognizer import PostalCodeCueRecognizer
from referral_nlp.redaction.recognizers.quoted_nickname_recognizer import (
    QuotedNicknameRecognizer,
)
from referral_nlp.redaction.recognizers.spelled_word_recognizer import SpelledWordRecognizer
from referral_nlp.redaction.recognizers.spoken_email_address_recognizer import (
    SpokenEmailAddressRecognizer,
)
from referral_nlp.redaction.recognizers.spoken_phone_number_recognizer import (
    SpokenPhoneNumberRecognizer,
)
from referral_nlp.redaction.recognizers.staff_column_recognizer import StaffColumnRecognizer
from referral_nlp.redaction.recognizers.uk_address_recognizer import UkAddressRecognizer
from referral_nlp.redaction.recognizers.uk_date_recognizer import UkDateRecognizer
from referral_nlp.redaction.recognizers.uk_phone_recognizer import UkPhoneRecognizer
from referral_nlp.redaction.recognizers.uk_postcode_recognizer import UkPostcodeRecognizer
from referral_nlp.redaction.recognizers.uln_recognizer import UlnRecognizer
from referral_nlp.redaction.recognizers.upn_recognizer import UpnRecognizer
from referral_nlp.redaction.recognizers.username_recognizer import UsernameRecognizer
from referral_nlp.redaction.recognizers.vehicle_registration_recognizer import (
    VehicleRegistrationRecognizer,
)
from referral_nlp.redaction.recognizers.web_address_recognizer import WebAddressRecognizer

__all__ = [
    "AddressBlockRecognizer",
    "AddressCueRecognizer",
    "AgeRecognizer",
    "BankAccountRecognizer",
    "CapsNominalRecognizer",
    "CardNumberCueRecognizer",
    "CaseReferenceRecognizer",
    "CorrespondenceNameRecognizer",
    "DatePhraseRecognizer",
    "DottedNameRecognizer",
    "DrivingLicenceRecognizer",
    "EmailAddressRecognizer",
    "FamilyNameRecognizer",
    "HospitalNumberRecognizer",
    "IdentifierColumnRecognizer",
    "IdentifyingOrganisationRecognizer",
    "InitialsRecognizer",
    "InternationalPhoneRecognizer",
    "LocationCueRecognizer",
    "NhsNumberRecognizer",
    "NiNumberRecognizer",
    "NonLatinScriptRecognizer",
    "PassportNumberRecognizer",
    "PersonNameRecognizer",
    "PhoneCueRecognizer",
    "PossessiveInitialsRecognizer",
    "PostBoxAddressRecognizer",
    "PostalCodeCueRecognizer",
    "QuotedNicknameRecognizer",
    "SpelledWordRecognizer",
    "SpokenEmailAddressRecognizer",
    "SpokenPhoneNumberRecognizer",
    "StaffColumnRecognizer",
    "UkAddressRecognizer",
    "UkDateRecognizer",
    "UkPhoneRecognizer",
    "UkPostcodeRecognizer",
    "UlnRecognizer",
    "UpnRecognizer",
    "UsernameRecognizer",
    "VehicleRegistrationRecognizer",
    "WebAddressRecognizer",
    "project_recognizers",
]


def project_recognizers() -> list[EntityRecognizer]:
    """A fresh instance of every project recogniser (registries must not share instances)."""
    return [
        PersonNameRecognizer(),
        UkPostcodeRecognizer(),
        NhsNumberRecognizer(),
        NiNumberRecognizer(),
        UkPhoneRecognizer(),
        PhoneCueRecognizer(),
        SpokenPhoneNumberRecognizer(),
        SpelledWordRecognizer(),
        UkDateRecognizer(),
        UkAddressRecognizer(),
        AddressBlockRecognizer(),
        CaseReferenceRecognizer(),
        IdentifyingOrganisationRecognizer(),
        AgeRecognizer(),
        LocationCueRecognizer(),
        CardNumberCueRecognizer(),
        PostalCodeCueRecognizer(),
        InternationalPhoneRecognizer(),
        PostBoxAddressRecognizer(),
        AddressCueRecognizer(),
        EmailAddressRecognizer(),
        SpokenEmailAddressRecognizer(),
        WebAddressRecognizer(),
        UsernameRecognizer(),
        DottedNameRecognizer(),
        UpnRecognizer(),
        UlnRecognizer(),
        PassportNumberRecognizer(),
        DrivingLicenceRecognizer(),
        VehicleRegistrationRecognizer(),
        BankAccountRecognizer(),
        HospitalNumberRecognizer(),
        CorrespondenceNameRecognizer(),
        QuotedNicknameRecognizer(),
        NonLatinScriptRecognizer(),
        PossessiveInitialsRecognizer(),
        InitialsRecognizer(),
        StaffColumnRecognizer(),
        IdentifierColumnRecognizer(),
        FamilyNameRecognizer(),
        CapsNominalRecognizer(),
        DatePhraseRecognizer(),
    ]
