from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TestStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TEST_STATUS_UNSPECIFIED: _ClassVar[TestStatus]
    TEST_STATUS_PASSED: _ClassVar[TestStatus]
    TEST_STATUS_FAILED: _ClassVar[TestStatus]
    TEST_STATUS_ERROR: _ClassVar[TestStatus]
    TEST_STATUS_TIMEOUT: _ClassVar[TestStatus]
    TEST_STATUS_CRASHED: _ClassVar[TestStatus]

class ServingStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SERVING_STATUS_UNSPECIFIED: _ClassVar[ServingStatus]
    SERVING_STATUS_SERVING: _ClassVar[ServingStatus]
    SERVING_STATUS_NOT_SERVING: _ClassVar[ServingStatus]
TEST_STATUS_UNSPECIFIED: TestStatus
TEST_STATUS_PASSED: TestStatus
TEST_STATUS_FAILED: TestStatus
TEST_STATUS_ERROR: TestStatus
TEST_STATUS_TIMEOUT: TestStatus
TEST_STATUS_CRASHED: TestStatus
SERVING_STATUS_UNSPECIFIED: ServingStatus
SERVING_STATUS_SERVING: ServingStatus
SERVING_STATUS_NOT_SERVING: ServingStatus

class ExecuteRequest(_message.Message):
    __slots__ = ("code", "tests", "timeout_seconds", "test_timeout_seconds", "module_name", "request_id")
    CODE_FIELD_NUMBER: _ClassVar[int]
    TESTS_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    TEST_TIMEOUT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    MODULE_NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    code: str
    tests: _containers.RepeatedCompositeFieldContainer[TestCase]
    timeout_seconds: float
    test_timeout_seconds: float
    module_name: str
    request_id: str
    def __init__(self, code: _Optional[str] = ..., tests: _Optional[_Iterable[_Union[TestCase, _Mapping]]] = ..., timeout_seconds: _Optional[float] = ..., test_timeout_seconds: _Optional[float] = ..., module_name: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class ExecuteBatchRequest(_message.Message):
    __slots__ = ("codes", "tests", "timeout_seconds", "test_timeout_seconds", "module_name", "request_id")
    CODES_FIELD_NUMBER: _ClassVar[int]
    TESTS_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    TEST_TIMEOUT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    MODULE_NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    codes: _containers.RepeatedScalarFieldContainer[str]
    tests: _containers.RepeatedCompositeFieldContainer[TestCase]
    timeout_seconds: float
    test_timeout_seconds: float
    module_name: str
    request_id: str
    def __init__(self, codes: _Optional[_Iterable[str]] = ..., tests: _Optional[_Iterable[_Union[TestCase, _Mapping]]] = ..., timeout_seconds: _Optional[float] = ..., test_timeout_seconds: _Optional[float] = ..., module_name: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class ExecuteBatchResponse(_message.Message):
    __slots__ = ("index", "response", "error")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    index: int
    response: ExecuteResponse
    error: ProgramError
    def __init__(self, index: _Optional[int] = ..., response: _Optional[_Union[ExecuteResponse, _Mapping]] = ..., error: _Optional[_Union[ProgramError, _Mapping]] = ...) -> None: ...

class ProgramError(_message.Message):
    __slots__ = ("code", "message")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: int
    message: str
    def __init__(self, code: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class TestCase(_message.Message):
    __slots__ = ("name", "code", "module", "stdio")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MODULE_FIELD_NUMBER: _ClassVar[int]
    STDIO_FIELD_NUMBER: _ClassVar[int]
    name: str
    code: str
    module: str
    stdio: StdioTest
    def __init__(self, name: _Optional[str] = ..., code: _Optional[str] = ..., module: _Optional[str] = ..., stdio: _Optional[_Union[StdioTest, _Mapping]] = ...) -> None: ...

class StdioTest(_message.Message):
    __slots__ = ("stdin", "stdout")
    STDIN_FIELD_NUMBER: _ClassVar[int]
    STDOUT_FIELD_NUMBER: _ClassVar[int]
    stdin: str
    stdout: str
    def __init__(self, stdin: _Optional[str] = ..., stdout: _Optional[str] = ...) -> None: ...

class ExecuteResponse(_message.Message):
    __slots__ = ("passed", "total", "reward", "results", "sandbox", "duration_seconds")
    PASSED_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    REWARD_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    SANDBOX_FIELD_NUMBER: _ClassVar[int]
    DURATION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    passed: int
    total: int
    reward: float
    results: _containers.RepeatedCompositeFieldContainer[TestResult]
    sandbox: str
    duration_seconds: float
    def __init__(self, passed: _Optional[int] = ..., total: _Optional[int] = ..., reward: _Optional[float] = ..., results: _Optional[_Iterable[_Union[TestResult, _Mapping]]] = ..., sandbox: _Optional[str] = ..., duration_seconds: _Optional[float] = ...) -> None: ...

class TestResult(_message.Message):
    __slots__ = ("name", "passed", "status", "error_type", "error_message", "traceback", "actual", "expected", "stdout", "stderr", "duration_seconds")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PASSED_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ERROR_TYPE_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    TRACEBACK_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_FIELD_NUMBER: _ClassVar[int]
    STDOUT_FIELD_NUMBER: _ClassVar[int]
    STDERR_FIELD_NUMBER: _ClassVar[int]
    DURATION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    name: str
    passed: bool
    status: TestStatus
    error_type: str
    error_message: str
    traceback: str
    actual: str
    expected: str
    stdout: str
    stderr: str
    duration_seconds: float
    def __init__(self, name: _Optional[str] = ..., passed: _Optional[bool] = ..., status: _Optional[_Union[TestStatus, str]] = ..., error_type: _Optional[str] = ..., error_message: _Optional[str] = ..., traceback: _Optional[str] = ..., actual: _Optional[str] = ..., expected: _Optional[str] = ..., stdout: _Optional[str] = ..., stderr: _Optional[str] = ..., duration_seconds: _Optional[float] = ...) -> None: ...

class HealthRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HealthResponse(_message.Message):
    __slots__ = ("status", "sandbox", "concurrency", "running", "queued", "queue_capacity")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SANDBOX_FIELD_NUMBER: _ClassVar[int]
    CONCURRENCY_FIELD_NUMBER: _ClassVar[int]
    RUNNING_FIELD_NUMBER: _ClassVar[int]
    QUEUED_FIELD_NUMBER: _ClassVar[int]
    QUEUE_CAPACITY_FIELD_NUMBER: _ClassVar[int]
    status: ServingStatus
    sandbox: str
    concurrency: int
    running: int
    queued: int
    queue_capacity: int
    def __init__(self, status: _Optional[_Union[ServingStatus, str]] = ..., sandbox: _Optional[str] = ..., concurrency: _Optional[int] = ..., running: _Optional[int] = ..., queued: _Optional[int] = ..., queue_capacity: _Optional[int] = ...) -> None: ...
