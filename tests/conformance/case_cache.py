"""What the conformance suite and the shape sweep (bench/sweep) share to cache generated cases:
the tool versions a case depends on, digests of the generator's sources, cache keys, cached
records, and the worker set-up that keeps TensorFlow's chatter out of the output."""
import hashlib
import importlib.metadata
import json
import os


def package_version(*names):
    """The first installed distribution's version among `names`, or "missing"."""
    for name in names:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "missing"


def tool_versions():
    # From package metadata: importing TensorFlow costs seconds even when every case is cached.
    return {
        "tensorflow": package_version("tensorflow-cpu", "tensorflow"),
        "tflite-micro": package_version("tflite-micro", "tflite_micro"),
        "numpy": package_version("numpy"),
    }


def sources_digest(labelled_paths):
    """sha256 over (label, file contents) pairs, in order."""
    digest = hashlib.sha256()
    for label, path in labelled_paths:
        with open(path, "rb") as f:
            digest.update(label.encode() + b"\0" + f.read() + b"\0")
    return digest.hexdigest()


def json_key(value):
    """A cache key: sha256 of the value as canonical JSON."""
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def load_json(path):
    """The JSON document at path, or None when it is missing or unreadable."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def redirect_output(log_path):
    """In a worker process: stdout and stderr (TensorFlow's console chatter) to log_path."""
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    import warnings
    warnings.simplefilter("ignore")
