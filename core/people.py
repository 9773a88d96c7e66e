"""How the school names people, whichever app shows them."""

# What a closed account is called from then on: on its user row, rosters and certificates.
ANONYMISED_NAME = "탈퇴한 회원"
