"""The refusal every rule raises when it says no."""


class Refusal(Exception):
    """A rule said no; `message` says why, translated and fit to show the person as it is.

    Each app names its own kind (EnrolmentError, CertificateError, ...) so callers can
    catch what they expect; views show `message` whatever the kind.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
