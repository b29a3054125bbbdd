#!/usr/bin/env python3
"""The file checks of deploy/check.sh: what no run of the deployment can show here.

    python3 deploy/check.py [--k8s RENDERED.yaml]   check everything; exit 1 on any problem

Each check prints `ok: ...` or `FAILED: ...`.
"""
import glob
import json
import os
import re
import shlex
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DOCKERFILE = "deploy/docker/Dockerfile"
PREBUILT = "deploy/docker/Dockerfile.prebuilt"
ENV_EXAMPLE = "deploy/compose/.env.example"
K8S = "deploy/k8s"
OPERATIONS = "docs/operations.md"
SERVER = "src/ProtectionPlanner.Server"

problems = []


def ok(message):
    print(f"ok: {message}")


def problem(message):
    problems.append(message)
    print(f"FAILED: {message}")


def path(relative):
    return os.path.join(ROOT, relative)


def read(relative):
    with open(path(relative), encoding="utf-8") as file:
        return file.read()


def expect(condition, good, bad):
    if condition:
        ok(good)
    else:
        problem(bad)
    return condition


# ---------------------------------------------------------------------------------------------------------- YAML
def load_yaml_files():
    import yaml

    documents = {}
    files = sorted(glob.glob(path("deploy/**/*.yaml"), recursive=True) + glob.glob(path("deploy/**/*.yml"), recursive=True))
    for file in files:
        relative = os.path.relpath(file, ROOT)
        try:
            with open(file, encoding="utf-8") as stream:
                documents[relative] = [d for d in yaml.safe_load_all(stream) if d is not None]
        except yaml.YAMLError as error:
            problem(f"{relative} is not valid YAML: {error}")
    ok(f"{len(documents)} YAML files parse: {', '.join(sorted(documents))}")
    return documents


# ------------------------------------------------------------------------------------------------------ Dockerfile
class Instruction:
    def __init__(self, line, keyword, arguments):
        self.line, self.keyword, self.arguments = line, keyword, arguments

    def words(self):
        text = self.arguments.strip()
        if text.startswith("["):
            try:
                return json.loads(text)
            except json.JSONDecodeError:
                pass
        return shlex.split(text, comments=False, posix=True)


def parse_dockerfile(file):
    instructions, pending, start = [], "", 0
    for number, raw in enumerate(read(file).splitlines(), 1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue  # comment lines inside a continued instruction
        if not pending:
            start = number
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        pending += raw
        keyword, _, arguments = pending.strip().partition(" ")
        instructions.append(Instruction(start, keyword.upper(), arguments.strip()))
        pending = ""
    stages, current = [], None
    for instruction in instructions:
        if instruction.keyword == "FROM":
            words = instruction.words()
            words = [w for w in words if not w.startswith("--")]
            name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
            current = {"image": words[0], "name": name, "instructions": []}
            stages.append(current)
        elif current is not None:
            current["instructions"].append(instruction)
    return stages


def dockerignore_patterns():
    ignore = path(DOCKERFILE + ".dockerignore")
    if not os.path.exists(ignore):
        return None
    patterns = []
    for line in read(DOCKERFILE + ".dockerignore").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            patterns.append(line)
    return patterns


def ignored(relative, patterns):
    """Whether the build context leaves `relative` out (a path or one of its parents matches; ! re-includes)."""
    def matches(pattern, candidate):
        regex = re.escape(pattern.strip("/")).replace(r"\*\*/", "(.*/)?").replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        return re.fullmatch(regex, candidate) is not None

    parts = relative.strip("/").split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    result = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        bare = pattern[1:] if negate else pattern
        if any(matches(bare, c) for c in candidates):
            result = not negate
    return result


def check_dockerfile():
    stages = parse_dockerfile(DOCKERFILE)
    names = {s["name"] for s in stages if s["name"]}
    patterns = dockerignore_patterns()
    expect(patterns is not None, "Dockerfile.dockerignore exists beside the Dockerfile",
           f"{DOCKERFILE}.dockerignore is missing: the whole repository (bin, obj, node_modules, .local) would be sent")
    copied = 0
    for instruction in (i for stage in stages for i in stage["instructions"] if i.keyword in ("COPY", "ADD")):
        words = instruction.words()
        source_stage = next((w.split("=", 1)[1] for w in words if w.startswith("--from=")), None)
        if source_stage is not None:
            if source_stage not in names:
                problem(f"Dockerfile line {instruction.line}: COPY --from={source_stage} names no stage")
            continue
        for source in [w for w in words if not w.startswith("--")][:-1]:
            if not glob.glob(path(source)):
                problem(f"Dockerfile line {instruction.line}: COPY source {source} does not exist in the build context")
            elif ignored(source, patterns or []):
                problem(f"Dockerfile line {instruction.line}: COPY source {source} is excluded by the "
                        "Dockerfile.dockerignore")
            else:
                copied += 1
    ok(f"Dockerfile: all {copied} COPY sources exist and are in the build context; COPY --from names defined stages")

    # The tests run the image of Dockerfile.prebuilt: the upstream image must run the same way.
    def runtime(file):
        return [(i.keyword, " ".join(i.arguments.split())) for i in parse_dockerfile(file)[-1]["instructions"]
                if i.keyword in ("ENV", "EXPOSE", "HEALTHCHECK", "CMD")]
    expect(runtime(DOCKERFILE) == runtime(PREBUILT),
           "Dockerfile: the runtime stage's ENV, EXPOSE, HEALTHCHECK and CMD are those of Dockerfile.prebuilt",
           f"Dockerfile: the runtime stage differs from {PREBUILT} (ENV, EXPOSE, HEALTHCHECK or CMD)")


# -------------------------------------------------------------------------------------------------------- Kubernetes
def load_k8s(rendered):
    import yaml

    if rendered:
        with open(rendered, encoding="utf-8") as stream:
            return [d for d in yaml.safe_load_all(stream) if d], "kubectl kustomize output"
    kustomization = yaml.safe_load(read(f"{K8S}/kustomization.yaml"))
    objects = []
    for resource in kustomization.get("resources", []):
        with open(path(f"{K8S}/{resource}"), encoding="utf-8") as stream:
            objects += [d for d in yaml.safe_load_all(stream) if d]
    return objects, "the resource files as written (no kustomize)"


def matches(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def pod_security(spec, container):
    pod, own = spec.get("securityContext") or {}, container.get("securityContext") or {}
    return own.get("runAsNonRoot", pod.get("runAsNonRoot")) is True


def check_k8s(rendered):
    objects, source = load_k8s(rendered)
    before = len(problems)
    by_kind = {}
    for item in objects:
        if not all([item.get("apiVersion"), item.get("kind"), (item.get("metadata") or {}).get("name")]):
            problem(f"k8s: an object without apiVersion, kind or metadata.name: {str(item)[:120]}")
            continue
        if item["metadata"].get("namespace"):
            problem(f"k8s: {item['kind']}/{item['metadata']['name']} names a namespace; the manifests must not")
        by_kind.setdefault(item["kind"], []).append(item)
    ok(f"k8s: {len(objects)} objects from {source}, each with apiVersion, kind and metadata.name, none with a namespace")
    for kind in ("ConfigMap", "Secret", "Deployment", "Service", "Ingress", "Job", "PodDisruptionBudget"):
        if kind not in by_kind:
            problem(f"k8s: no {kind}")
    if len(problems) > before:
        return
    names = {(k, o["metadata"]["name"]) for k, items in by_kind.items() for o in items}

    deployment = by_kind["Deployment"][0]
    spec = deployment["spec"]
    template = spec["template"]
    pod_labels = template["metadata"].get("labels", {})
    job = by_kind["Job"][0]
    job_labels = job["spec"]["template"]["metadata"].get("labels", {})
    expect(spec.get("replicas", 1) >= 2, f"k8s: Deployment runs {spec.get('replicas', 1)} replicas",
           f"k8s: Deployment replicas {spec.get('replicas', 1)}, need at least 2")
    expect(matches(spec["selector"]["matchLabels"], pod_labels), "k8s: the Deployment's selector matches its pods",
           "k8s: the Deployment's selector does not match its pod labels")
    container = template["spec"]["containers"][0]
    ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}

    def probe(kind, wanted):
        found = container.get(kind) or {}
        get = found.get("httpGet") or {}
        port = get.get("port")
        return get.get("path") == wanted and (port in ports or port in ports.values())

    expect(probe("readinessProbe", "/health/ready"), "k8s: readinessProbe GET /health/ready on the container's port",
           "k8s: the readinessProbe must GET /health/ready on a declared container port")
    expect(probe("livenessProbe", "/health/live"), "k8s: livenessProbe GET /health/live on the container's port",
           "k8s: the livenessProbe must GET /health/live on a declared container port")
    resources = container.get("resources") or {}
    expect(resources.get("requests") and (resources.get("limits") or {}).get("memory"),
           "k8s: the app container has resource requests and a memory limit", "k8s: the app container needs requests and a memory limit")
    security = container.get("securityContext") or {}
    expect(pod_security(template["spec"], container) and security.get("allowPrivilegeEscalation") is False,
           "k8s: the app runs as non-root without privilege escalation",
           "k8s: the app container needs runAsNonRoot: true and allowPrivilegeEscalation: false")
    if security.get("readOnlyRootFilesystem"):
        expect(any(m.get("mountPath") == "/tmp" for m in container.get("volumeMounts", [])),
               "k8s: read-only root file system, with a writable /tmp", "k8s: a read-only root file system needs /tmp mounted")
    expect(container.get("args") == ["serve"], "k8s: the app container serves", "k8s: the app container's args should be [serve]")
    for reference in container.get("envFrom", []):
        for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
            if key in reference and (kind, reference[key]["name"]) not in names:
                problem(f"k8s: the Deployment reads {kind} {reference[key]['name']}, which is not defined")
    secret_keys = {k for s in by_kind["Secret"] for k in (s.get("stringData") or s.get("data") or {})}
    expect(any("secretRef" in r for r in container.get("envFrom", [])) and "PLANNER__DATABASE" in secret_keys,
           "k8s: the database connection string comes from a Secret", "k8s: PLANNER__DATABASE must come from a Secret")

    service = by_kind["Service"][0]
    selector = service["spec"].get("selector", {})
    expect(matches(selector, pod_labels) and not matches(selector, job_labels),
           "k8s: the Service selects the app pods, not the migration Job's", "k8s: the Service's selector must match the app pods only")
    expect(service["spec"].get("sessionAffinity", "None") == "None", "k8s: the Service has no session affinity",
           "k8s: the Service pins clients (sessionAffinity)")
    service_ports = service["spec"]["ports"]
    for port in service_ports:
        target = port.get("targetPort", port["port"])
        if target not in ports and target not in ports.values():
            problem(f"k8s: the Service's targetPort {target} is no container port")

    ingress = by_kind["Ingress"][0]
    annotations = ingress["metadata"].get("annotations", {})
    backends = [p["backend"]["service"] for r in ingress["spec"]["rules"] for p in r["http"]["paths"]]
    for backend in backends:
        port = backend["port"].get("name", backend["port"].get("number"))
        if ("Service", backend["name"]) not in names or not any(port in (p.get("name"), p["port"]) for p in service_ports):
            problem(f"k8s: the Ingress sends to {backend['name']}:{port}, which no Service offers")
    expect(not any(k.endswith(("/affinity", "/upstream-hash-by", "/session-cookie-name")) for k in annotations),
           "k8s: the Ingress has no session affinity", "k8s: the Ingress pins clients to pods (affinity or upstream-hash-by)")
    expect(int(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout", "60")) >= 300,
           "k8s: the Ingress keeps idle WebSockets open (proxy-read-timeout)",
           "k8s: the Ingress needs nginx.ingress.kubernetes.io/proxy-read-timeout for WebSockets")

    budget = by_kind["PodDisruptionBudget"][0]["spec"]
    expect(matches(budget["selector"]["matchLabels"], pod_labels) and budget.get("minAvailable", 0) < spec.get("replicas", 1),
           "k8s: the PodDisruptionBudget covers the app pods and lets a drain proceed",
           "k8s: the PodDisruptionBudget must select the app pods with minAvailable below the replicas")

    job_spec = job["spec"]["template"]["spec"]
    job_container = job_spec["containers"][0]
    expect(job_container.get("args") == ["migrate"] and job_spec.get("restartPolicy") in ("Never", "OnFailure"),
           "k8s: the Job runs `migrate` once", "k8s: the Job must run args [migrate] with restartPolicy Never or OnFailure")
    expect(job_container.get("image") == container.get("image"), f"k8s: the Job and the Deployment run {container.get('image')}",
           "k8s: the Job and the Deployment run different images")
    expect(pod_security(job_spec, job_container) and job_container.get("envFrom") == container.get("envFrom"),
           "k8s: the Job runs as non-root with the app's configuration", "k8s: the Job needs runAsNonRoot and the Deployment's envFrom")


# ---------------------------------------------------------------------------------------------------------- settings
def code_settings():
    """Settings the server reads: `Planner:...` keys in GetValue and friends, and the properties of bound options."""
    sources = {}
    for file in glob.glob(path("src/**/*.cs"), recursive=True):
        if f"{os.sep}obj{os.sep}" in file or f"{os.sep}bin{os.sep}" in file:
            continue
        with open(file, encoding="utf-8") as stream:
            sources[file] = stream.read()
    text = "\n".join(sources.values())
    keys = set()
    sections = set()
    for pattern in (r"Configure<(\w+)>\([^;]*?GetSection\(\"([^\"]+)\"\)",
                    r"AddOptions<(\w+)>\([^;]*?(?:BindConfiguration|GetSection)\(\"([^\"]+)\"\)"):
        for options, section in re.findall(pattern, text, re.S):
            sections.add(section)
            body = re.search(r"class\s+" + options + r"\b[^{]*\{(.*?)\n\}", text, re.S)
            if body:
                for name in re.findall(r"public\s+[\w<>?,\[\] ]+?\s+(\w+)\s*\{\s*get;\s*(?:set|init);", body.group(1)):
                    keys.add(f"{section}:{name}")
    for key in re.findall(r"\"(Planner:[A-Za-z0-9:]+)\"", text):
        if key not in sections:
            keys.add(key)
    return keys


def documented_settings():
    text = read(OPERATIONS)
    section = re.search(r"^## Configuration\s*$(.*?)(?=^## )", text, re.S | re.M)
    rows = {}
    for line in (section.group(1) if section else "").splitlines():
        match = re.match(r"^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def env_example():
    """Variables of .env.example: set ones, and commented `# NAME=value` ones (listed with their defaults)."""
    set_names, listed = {}, set()
    for line in read(ENV_EXAMPLE).splitlines():
        match = re.match(r"^\s*(#\s*)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$", line)
        if match:
            listed.add(match.group(2))
            if not match.group(1):
                set_names[match.group(2)] = match.group(3)
    return set_names, listed


def check_settings(documents):
    documented = documented_settings()
    if not expect(documented, f"docs: {len(documented)} settings in the configuration table of {OPERATIONS}",
                  f"docs: no configuration table under '## Configuration' in {OPERATIONS}"):
        return
    in_code = code_settings()
    by_lower = {k.lower(): k for k in documented}
    missing = sorted(k for k in in_code if k.lower() not in by_lower)
    stale = sorted(k for k in documented if k.startswith("Planner:") and k.lower() not in {c.lower() for c in in_code})
    expect(not missing, f"docs: every setting the server reads ({len(in_code)}) is documented",
           f"docs: settings the server reads but {OPERATIONS} does not document: {', '.join(missing)}")
    expect(not stale, "docs: every documented Planner setting is read by the server",
           f"docs: documented settings the server no longer reads: {', '.join(stale)}")
    wrong = [f"{k} -> {v}" for k, v in documented.items() if k.startswith("Planner:") and v != k.upper().replace(":", "__")]
    expect(not wrong, "docs: each setting's environment variable is its key in capitals with __ for :",
           f"docs: environment variables that do not match their keys: {', '.join(wrong)}")

    variables = {v for k, v in documented.items() if k.startswith("Planner:")}
    set_names, listed = env_example()
    unlisted = sorted(variables - listed)
    expect(not unlisted, f"{ENV_EXAMPLE}: lists every setting", f"{ENV_EXAMPLE}: does not list {', '.join(unlisted)}")
    # Every PLANNER__ variable the examples set is a setting (catches typos such as PLANNER__DATABSE).
    used = {(ENV_EXAMPLE, n) for n in listed}
    for file, items in documents.items():
        if file.startswith(K8S):
            for item in items:
                if isinstance(item, dict) and item.get("kind") in ("ConfigMap", "Secret"):
                    used |= {(file, n) for n in list((item.get("data") or {})) + list((item.get("stringData") or {}))}
    unknown = sorted(f"{n} ({f})" for f, n in used if n.startswith("PLANNER__") and n not in variables)
    expect(not unknown, "examples: every PLANNER__ variable they set is a documented setting",
           f"examples: variables that are no setting: {', '.join(unknown)}")


# ---------------------------------------------------------------------------------------------------------- web UI
def check_ui():
    app = f"{SERVER}/ClientApp"
    package = json.loads(read(f"{app}/package.json"))
    lock = json.loads(read(f"{app}/package-lock.json"))
    root = (lock.get("packages") or {}).get("", {})
    differing = [f"{kind}.{name}" for kind in ("dependencies", "devDependencies")
                 for name, version in (package.get(kind) or {}).items() if (root.get(kind) or {}).get(name) != version]
    expect(not differing, "UI: package-lock.json matches package.json (npm ci in the image will accept it)",
           f"UI: package-lock.json is out of date for {', '.join(differing)} (npm ci would fail): run npm install")


def main(arguments):
    rendered = arguments[arguments.index("--k8s") + 1] if "--k8s" in arguments else None
    documents = load_yaml_files()
    check_dockerfile()
    check_k8s(rendered)
    check_settings(documents)
    check_ui()
    if problems:
        print(f"{len(problems)} problem(s) in the deployment files")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
