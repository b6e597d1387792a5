"""numpy and pandas values that cross by value (see byvalue.py), so that `isinstance(x,
pd.DataFrame)`, `pd.testing.assert_frame_equal` and numpy comparisons see the library's own types.

An array crosses as its dtype, shape and raw bytes (only dtypes of plain data: booleans, numbers,
dates, strings; an object array element by element); a pandas object as the arrays of its columns
and its index, rebuilt by pandas' constructors. Never pickle. These modules are imported here only
inside functions: by the encoder for values of their types (so the module is loaded already), by
a builder to rebuild such a value.
"""
import sys

MODULES = frozenset({"numpy", "pandas"})
_PLAIN_KINDS = frozenset("biufcmMUS")  # bool, int, uint, float, complex, timedelta64, datetime64, str, bytes


def _np():
    import numpy

    return numpy


def _pd():
    import pandas

    return pandas


def _plain_dtype(dtype):
    return dtype.kind in _PLAIN_KINDS and dtype.fields is None and dtype.subdtype is None


def _dtype(text):
    dtype = _np().dtype(_text(text))
    if not _plain_dtype(dtype):
        raise ValueError("not a dtype of plain data")
    return dtype


def _text(value):
    if type(value) is not str:
        raise TypeError("not a str")
    return value


def _shape(shape):
    if type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape):
        raise ValueError("not a shape")
    return tuple(shape)


def _ndarray(value):
    if _plain_dtype(value.dtype):
        return "ndarray", (value.dtype.str, list(value.shape), _np().ascontiguousarray(value).tobytes())
    if value.dtype.kind == "O":
        return "objects", (list(value.shape), list(value.ravel()))
    return None


def _build_ndarray(dtype, shape, data):
    return _np().frombuffer(data, dtype=_dtype(dtype)).reshape(_shape(shape)).copy()


def _build_objects(shape, items):
    np = _np()
    array = np.empty(len(items), dtype=object)
    for index, item in enumerate(items):
        array[index] = item
    return array.reshape(_shape(shape))


def _scalar(value):
    dtype = value.dtype
    return ("scalar", (dtype.str, value.tobytes())) if _plain_dtype(dtype) else None


def _build_scalar(dtype, data):
    return _np().frombuffer(data, dtype=_dtype(dtype))[0]


def _encode_numpy(value):
    np = sys.modules["numpy"]
    kind = type(value)
    if kind is np.ndarray:
        return _ndarray(value)
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        return _scalar(value)
    return None


# pandas: an array of a column or an index is a numpy array, a Categorical, or another pandas
# extension array (nullable ints, strings, tz-aware datetimes) sent as its dtype's name and items.
def _is_numpy(dtype):
    return type(dtype).__module__.partition(".")[0] == "numpy"


def _series_values(series):
    return series.to_numpy() if _is_numpy(series.dtype) else series.array


def _index(value, pd):
    if type(value) is pd.RangeIndex:
        return "RangeIndex", (value.start, value.stop, value.step, value.name)
    if type(value) is pd.MultiIndex:
        return "MultiIndex", (list(value.levels), list(value.codes), list(value.names))
    freq = getattr(value, "freqstr", None)
    return "Index", (_series_values(value), value.name, freq if type(freq) is str else None)


def _extension(value, pd):
    if isinstance(value, pd.Categorical):
        return "Categorical", (value.categories, value.codes, bool(value.ordered))
    tz = getattr(value.dtype, "tz", None)
    if tz is not None:  # tz-aware datetimes: their UTC instants and the zone's name
        return "DatetimeTZ", (value.tz_convert("UTC").tz_localize(None).to_numpy(), str(tz))
    return "ExtensionArray", (str(value.dtype), list(value.to_numpy(dtype=object)))


def _encode_pandas(value):
    pd = sys.modules["pandas"]
    kind = type(value)
    if kind is pd.DataFrame:
        return "DataFrame", (value.columns, [_series_values(value.iloc[:, i]) for i in range(value.shape[1])], value.index)
    if kind is pd.Series:
        return "Series", (_series_values(value), value.index, value.name)
    if isinstance(value, pd.Index):
        return _index(value, pd)
    if kind is pd.Timestamp:
        return "Timestamp", (value.value, value.unit, None if value.tz is None else str(value.tz))
    if kind is pd.Timedelta:
        return "Timedelta", (value.value, value.unit)
    if value is pd.NaT:
        return "NaT", ()
    if value is pd.NA:
        return "NA", ()
    if isinstance(value, pd.api.extensions.ExtensionArray):
        return _extension(value, pd)
    return None


def encode(value):
    top = type(value).__module__.partition(".")[0]
    if top == "numpy" and "numpy" in sys.modules:
        return _encode_numpy(value)
    if top == "pandas" and "pandas" in sys.modules:
        return _encode_pandas(value)
    return None


def _build_frame(columns, arrays, index):
    pd = _pd()
    if not arrays:
        return pd.DataFrame(index=index, columns=columns)
    frame = pd.DataFrame({position: pd.Series(array, index=index, copy=False) for position, array in enumerate(arrays)}, index=index)
    frame.columns = columns
    return frame


def _build_index(values, name, freq):
    pd = _pd()
    index = pd.Index(values, name=name)
    if freq is not None and isinstance(index, (pd.DatetimeIndex, pd.TimedeltaIndex)):
        index = type(index)(values, name=name, freq=_text(freq))
    return index


def _build_timestamp(value, unit, tz):
    pd = _pd()
    stamp = pd.Timestamp(value, unit="ns", tz=None if tz is None else "UTC")
    if tz is not None:
        stamp = stamp.tz_convert(_text(tz))
    return stamp.as_unit(_text(unit))


def _build_tz(instants, tz):
    pd = _pd()
    return pd.DatetimeIndex(instants).tz_localize("UTC").tz_convert(_text(tz)).array


def _build_categorical(categories, codes, ordered):
    return _pd().Categorical.from_codes(codes, categories=categories, ordered=ordered is True)


BUILDERS = {
    "ndarray": _build_ndarray,
    "objects": _build_objects,
    "scalar": _build_scalar,
    "DataFrame": _build_frame,
    "Series": lambda values, index, name: _pd().Series(values, index=index, name=name, copy=False),
    "Index": _build_index,
    "RangeIndex": lambda start, stop, step, name: _pd().RangeIndex(start, stop, step, name=name),
    "MultiIndex": lambda levels, codes, names: _pd().MultiIndex(levels=levels, codes=codes, names=names),
    "Timestamp": _build_timestamp,
    "Timedelta": lambda value, unit: _pd().Timedelta(value, unit="ns").as_unit(_text(unit)),
    "NaT": lambda: _pd().NaT,
    "NA": lambda: _pd().NA,
    "Categorical": _build_categorical,
    "DatetimeTZ": _build_tz,
    "ExtensionArray": lambda dtype, items: _pd().array(items, dtype=_text(dtype)),
}
