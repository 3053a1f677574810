"""Fictional personal data the card tests plant in notes (a module of its own: ``from conftest
import`` picks whichever conftest pytest loaded first when several directories run together)."""

PII = {
    "names": ("Sarah JONES", "Kwame Mensah-Boateng", "Aleksandra Nowakowska", "Dylan O'Rourke"),
    "nhs": ("943 476 5919", "401 023 2137"),
    "postcodes": ("LS6 2QT", "M14 5RB"),
    "phones": ("07700 900123", "0113 496 0455"),
    "emails": ("sarah.jones@example.com",),
    "addresses": ("14 Cardigan Road",),
    "ni": ("QQ 12 34 56 C",),
    "dobs": ("03/04/2016",),
    "schools": ("Brudenell Primary School",),
}
PII_STRINGS = tuple(s for values in PII.values() for s in values)
#: Name parts that must not appear on their own either.
PII_TOKENS = ("JONES", "Mensah", "Boateng", "Nowakowska", "Rourke", "Kwame", "Aleksandra",
              "943 476", "900123", "Cardigan", "Brudenell")  # fmt: skip
