"""Why an identifier is malformed: a small exception tree with Chinese default messages (E2)."""


class InvalidIdentifier(ValueError):
    """Base class; never raised itself."""
    message = "编号无效"

    def __init__(self, message: str | None = None):
        self.message = message or self.message
        super().__init__(self.message)


class InvalidFormat(InvalidIdentifier):
    message = "格式不正确"


class InvalidLength(InvalidFormat):
    message = "长度不正确"


class InvalidChecksum(InvalidIdentifier):
    message = "校验位不正确"


class InvalidComponent(InvalidIdentifier):
    message = "某一部分的值不正确"
