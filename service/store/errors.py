"""What the store refuses, with a Chinese title and detail; the API turns each into a problem."""


class StoreError(Exception):
    status = 400
    title = "请求无法完成"

    def __init__(self, detail: str, **extra):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(StoreError):
    status, title = 404, "未找到"


class Forbidden(StoreError):
    status, title = 403, "无权操作"


class Conflict(StoreError):
    status, title = 409, "与现有数据冲突"


class Unprocessable(StoreError):
    status, title = 422, "数据不符合要求"
