#!/usr/bin/env python3
"""The file checks of deploy/check.sh: what can be checked of the deployment files without a Docker engine or a cluster.

    python3 deploy/check.py [--k8s RENDERED.yaml]   check everything; exit 1 on any problem
    python3 deploy/check.py publish-command         the Dockerfile's `dotnet publish` arguments, one a line
    python3 deploy/check.py image-environment       the runtime stage's ENV as NAME=VALUE lines
    python3 deploy/check.py healthcheck             the runtime stage's HEALTHCHECK command, one argument a line

Each check prints `ok: ...` or `FAILED: ...` (and `warning: ...` for what holds today but deserves attention).
"""
import glob
import json
import os
import re
import shlex
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DOCKERFILE = "deploy/docker/Dockerfile"
COMPOSE = "deploy/compose/compose.yaml"
NGINX = "deploy/compose/nginx.conf"
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


def warning(message):
    print(f"warning: {message}")


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


def parse_dockerfile():
    instructions, pending, start = [], "", 0
    for number, raw in enumerate(read(DOCKERFILE).splitlines(), 1):
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


def stage_env(stage):
    environment = {}
    for instruction in stage["instructions"]:
        if instruction.keyword == "ENV":
            for word in shlex.split(instruction.arguments):
                name, _, value = word.partition("=")
                environment[name] = value
    return environment


def final_stage():
    return parse_dockerfile()[-1]


def publish_arguments(stages):
    for stage in stages:
        for instruction in stage["instructions"]:
            if instruction.keyword == "RUN" and "dotnet publish" in instruction.arguments:
                words = shlex.split(instruction.arguments)
                return stage, words[words.index("publish") + 1:]
    return None, None


def healthcheck_command(stage):
    for instruction in stage["instructions"]:
        if instruction.keyword == "HEALTHCHECK":
            text = instruction.arguments
            options, _, command = text.partition("CMD")
            command = command.strip()
            return json.loads(command) if command.startswith("[") else ["/bin/sh", "-c", command]
    return None


def check_dockerfile():
    stages = parse_dockerfile()
    names = {s["name"] for s in stages if s["name"]}
    expect(len(stages) >= 2, f"Dockerfile: {len(stages)} stages ({', '.join(s['name'] or s['image'] for s in stages)})",
           f"Dockerfile: {len(stages)} FROM, a multi-stage build needs at least 2")
    patterns = dockerignore_patterns()
    expect(patterns is not None, "Dockerfile.dockerignore exists beside the Dockerfile",
           f"{DOCKERFILE}.dockerignore is missing: the whole repository (bin, obj, node_modules, .local) would be sent")
    patterns = patterns or []

    copied = 0
    for stage in stages:
        for instruction in stage["instructions"]:
            if instruction.keyword not in ("COPY", "ADD"):
                continue
            words = instruction.words()
            flags = [w for w in words if w.startswith("--")]
            sources = [w for w in words if not w.startswith("--")][:-1]
            source_stage = next((f.split("=", 1)[1] for f in flags if f.startswith("--from=")), None)
            if source_stage is not None:
                if source_stage not in names:
                    problem(f"Dockerfile line {instruction.line}: COPY --from={source_stage} names no stage")
                continue
            for source in sources:
                matched = glob.glob(path(source))
                if not matched:
                    problem(f"Dockerfile line {instruction.line}: COPY source {source} does not exist in the build context")
                elif ignored(source, patterns):
                    problem(f"Dockerfile line {instruction.line}: COPY source {source} is excluded by Dockerfile.dockerignore")
                else:
                    copied += 1
    ok(f"Dockerfile: all {copied} COPY sources exist and are in the build context; COPY --from names defined stages")

    # What the UI stage writes is what the build stage takes.
    vite = read(f"{SERVER}/ClientApp/vite.config.ts")
    expect(re.search(r"outDir:\s*'\.\./wwwroot'", vite) is not None and f"{SERVER}/wwwroot" in read(DOCKERFILE),
           "Dockerfile: the UI stage's output (vite outDir ../wwwroot) is copied into the server's wwwroot",
           "Dockerfile: vite.config.ts's outDir and the Dockerfile's COPY --from=ui path disagree")

    stage, arguments = publish_arguments(stages)
    if expect(arguments is not None, "Dockerfile: a stage runs dotnet publish", "Dockerfile: no `dotnet publish`"):
        output = arguments[arguments.index("-o") + 1] if "-o" in arguments else None
        project = arguments[0]
        expect(os.path.exists(path(project)), f"Dockerfile: the published project {project} exists",
               f"Dockerfile: dotnet publish names {project}, which does not exist")
        runtime = stages[-1]
        copies_output = any(i.keyword == "COPY" and f"--from={stage['name']}" in i.arguments and output in i.words()
                            for i in runtime["instructions"])
        expect(copies_output, f"Dockerfile: the runtime stage copies the publish output ({output}) from {stage['name']}",
               f"Dockerfile: the runtime stage does not COPY --from={stage['name']} {output}")

    runtime = stages[-1]
    users = [i.arguments.strip() for i in runtime["instructions"] if i.keyword == "USER"]
    user = users[-1] if users else ""
    # $APP_UID is the non-root uid (1654) the aspnet images define.
    expect(user and user.split(":")[0] not in ("root", "0"),
           f"Dockerfile: the runtime stage runs as USER {user}",
           "Dockerfile: the runtime stage runs as root (no USER, or USER root/0)")
    if user and "APP_UID" in user:
        expect(runtime["image"].startswith("mcr.microsoft.com/dotnet/"), "Dockerfile: $APP_UID comes from the .NET base image",
               "Dockerfile: USER $APP_UID needs a .NET base image that defines APP_UID")

    environment = stage_env(runtime)
    urls = environment.get("URLS", "")
    port = (re.search(r":(\d+)$", urls) or [None, None])[1]
    expect(port is not None, f"Dockerfile: URLS={urls} (unprefixed, so appsettings.json's Urls does not win)",
           "Dockerfile: the runtime stage sets no URLS=http://+:PORT; appsettings.json's Urls (127.0.0.1) would make the "
           "app unreachable from outside the container (ASPNETCORE_URLS does not override it)")
    exposed = [w for i in runtime["instructions"] if i.keyword == "EXPOSE" for w in i.words()]
    expect(port in [e.split("/")[0] for e in exposed], f"Dockerfile: EXPOSE {' '.join(exposed)} is the port the app listens on",
           f"Dockerfile: EXPOSE {exposed} does not include the URLS port {port}")
    health = healthcheck_command(runtime)
    if expect(health is not None, "Dockerfile: the runtime stage has a HEALTHCHECK", "Dockerfile: no HEALTHCHECK in the runtime stage"):
        text = " ".join(health)
        expect("/health/live" in text and (port or "?") in text,
               f"Dockerfile: HEALTHCHECK asks /health/live on port {port}",
               f"Dockerfile: HEALTHCHECK should ask /health/live on port {port}: {text}")
    entrypoint = [i.words() for i in runtime["instructions"] if i.keyword == "ENTRYPOINT"]
    command = [i.words() for i in runtime["instructions"] if i.keyword == "CMD"]
    assembly = os.path.basename(SERVER) + ".dll"
    expect(entrypoint and assembly in entrypoint[-1], f"Dockerfile: ENTRYPOINT runs {assembly}",
           f"Dockerfile: ENTRYPOINT does not run {assembly}")
    expect(command and command[-1] == ["serve"], "Dockerfile: the default verb (CMD) is serve",
           "Dockerfile: CMD should be [\"serve\"] so that other verbs can replace it")
    return runtime


# ----------------------------------------------------------------------------------------------------------- compose
def interpolations(value):
    return re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])[^}]*)?\}", value)


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


def check_compose(documents, runtime):
    compose = documents.get(COMPOSE, [None])[0]
    if not isinstance(compose, dict) or not isinstance(compose.get("services"), dict):
        problem(f"{COMPOSE}: no services")
        return
    services = compose["services"]
    base = os.path.dirname(path(COMPOSE))
    for name, service in services.items():
        if "image" not in service and "build" not in service:
            problem(f"compose: service {name} has neither image nor build")
        build = service.get("build")
        if build:
            context = os.path.normpath(os.path.join(base, build if isinstance(build, str) else build.get("context", ".")))
            dockerfile = os.path.join(context, build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile")
            if not os.path.isdir(context) or not os.path.isfile(dockerfile):
                problem(f"compose: service {name} builds from {os.path.relpath(dockerfile, ROOT)}, which does not exist")
        for dependency, condition in (service.get("depends_on") or {}).items() if isinstance(service.get("depends_on"), dict) else []:
            wanted = (condition or {}).get("condition", "service_started")
            if dependency not in services:
                problem(f"compose: {name} depends on {dependency}, which is no service")
            elif wanted not in ("service_started", "service_healthy", "service_completed_successfully"):
                problem(f"compose: {name} waits for {dependency} with unknown condition {wanted}")
            elif wanted == "service_healthy" and "healthcheck" not in services[dependency]:
                problem(f"compose: {name} waits for {dependency} to be healthy, but {dependency} has no healthcheck")
        if isinstance(service.get("depends_on"), list):
            problem(f"compose: {name}'s depends_on is a list: it would not wait for health or completion")
        for volume in service.get("volumes") or []:
            source = (volume.split(":")[0] if isinstance(volume, str) else volume.get("source", ""))
            if source.startswith((".", "/")):
                if not os.path.exists(os.path.normpath(os.path.join(base, source))):
                    problem(f"compose: {name} mounts {source}, which does not exist")
            elif source and source not in (compose.get("volumes") or {}):
                problem(f"compose: {name} mounts volume {source}, which is not declared under volumes")
        for secret in service.get("secrets") or []:
            if (secret if isinstance(secret, str) else secret.get("source")) not in (compose.get("secrets") or {}):
                problem(f"compose: {name} uses secret {secret}, which is not declared under secrets")
    ok(f"compose: services {', '.join(services)}; every image/build, dependency, mount and secret resolves")

    apps = [n for n, s in services.items() if s.get("command") == ["serve"]]
    expect(len(apps) >= 2, f"compose: {len(apps)} app nodes ({', '.join(apps)})", f"compose: {len(apps)} app nodes serve, need 2")
    postgres = next((n for n, s in services.items() if str(s.get("image", "")).startswith("postgres")), None)
    migrate = next((n for n, s in services.items() if s.get("command") == ["migrate"]), None)
    data_volume = postgres and any(v.endswith("/var/lib/postgresql/data") for v in services[postgres].get("volumes", []))
    expect(postgres and "healthcheck" in services[postgres] and data_volume,
           "compose: postgres has a healthcheck and keeps its data in a volume",
           "compose: postgres needs a healthcheck and a volume at /var/lib/postgresql/data")
    expect(migrate is not None and services[migrate].get("depends_on", {}).get(postgres, {}).get("condition") == "service_healthy",
           f"compose: {migrate} runs `migrate` once the database is healthy",
           "compose: no one-shot service runs `migrate` after postgres is healthy")
    for app in apps:
        service = services[app]
        waits = service.get("depends_on", {})
        expect(waits.get(migrate, {}).get("condition") == "service_completed_successfully" and "healthcheck" in service,
               f"compose: {app} starts after {migrate} succeeded and has a healthcheck",
               f"compose: {app} must wait for {migrate} (service_completed_successfully) and have a healthcheck")
        expect(service.get("image") == services[migrate].get("image"), f"compose: {app} runs the image {migrate} ran",
               f"compose: {app} and {migrate} run different images")
        health = " ".join(service.get("healthcheck", {}).get("test", []))
        image_health = " ".join(healthcheck_command(runtime) or [])
        expect(image_health and image_health in health, f"compose: {app}'s healthcheck is the image's",
               f"compose: {app}'s healthcheck differs from the Dockerfile's HEALTHCHECK")
        environment = service.get("environment") or {}
        expect("PLANNER__DATABASE" in environment and "PLANNER__DEMO__SIGNINGKEY" in environment,
               f"compose: {app} gets PLANNER__DATABASE and PLANNER__DEMO__SIGNINGKEY",
               f"compose: {app} lacks PLANNER__DATABASE or PLANNER__DEMO__SIGNINGKEY")
    proxy = next((n for n, s in services.items() if "nginx" in str(s.get("image", ""))), None)
    if expect(proxy is not None, f"compose: {proxy} is the reverse proxy", "compose: no nginx reverse proxy"):
        mounts = services[proxy].get("volumes") or []
        expect(any(str(m).startswith("./nginx.conf:/etc/nginx/nginx.conf") for m in mounts),
               f"compose: {proxy} mounts nginx.conf as /etc/nginx/nginx.conf", f"compose: {proxy} does not mount ./nginx.conf")
        expect(all(services[proxy].get("depends_on", {}).get(a, {}).get("condition") == "service_healthy" for a in apps),
               f"compose: {proxy} starts when every app node is healthy (nginx resolves them at start)",
               f"compose: {proxy} must wait for every app node to be healthy")
        check_nginx(apps, runtime)

    # Every ${VAR} the compose file needs comes from .env.example (or has a default).
    set_names, _ = env_example()
    text = read(COMPOSE)
    for name, operator in interpolations(text):
        if operator in ("", ":?", "?") and name not in set_names:
            problem(f"compose: ${{{name}}} is required but {ENV_EXAMPLE} does not set it")
    secrets = compose.get("secrets") or {}
    for name, secret in secrets.items():
        if "environment" in secret and secret["environment"] not in set_names:
            problem(f"compose: secret {name} comes from ${secret['environment']}, which {ENV_EXAMPLE} does not set")
    ok(f"compose: every variable it needs is set in {ENV_EXAMPLE}")


def check_nginx(apps, runtime):
    conf = read(NGINX)
    port = re.search(r":(\d+)$", stage_env(runtime).get("URLS", "")).group(1)
    upstream = re.search(r"upstream\s+(\w+)\s*\{(.*?)\}", conf, re.S)
    if not expect(upstream is not None, f"nginx.conf: upstream {upstream and upstream.group(1)}", "nginx.conf: no upstream block"):
        return
    servers = re.findall(r"^\s*server\s+([\w.-]+):(\d+)", upstream.group(2), re.M)
    expect(sorted(h for h, _ in servers) == sorted(apps) and all(p == port for _, p in servers),
           f"nginx.conf: the upstream is every app node on the image's port {port}",
           f"nginx.conf: upstream servers {servers} are not the app nodes {apps} on port {port}")
    expect(not re.search(r"^\s*(ip_hash|hash|sticky)\b", upstream.group(2), re.M),
           "nginx.conf: round-robin, no sticky sessions", "nginx.conf: the upstream pins clients to nodes (ip_hash/hash/sticky)")
    hubs = re.search(r"location\s+/hubs/\s*\{(.*?)\}", conf, re.S)
    expect(hubs is not None and "proxy_set_header Upgrade $http_upgrade" in hubs.group(1)
           and re.search(r"proxy_set_header Connection \$connection_upgrade", hubs.group(1))
           and re.search(r"proxy_read_timeout\s+\d{3,}s", hubs.group(1)),
           "nginx.conf: /hubs/ upgrades to WebSockets and keeps idle connections open",
           "nginx.conf: /hubs/ must pass Upgrade and Connection and have a long proxy_read_timeout")
    expect(re.search(r"proxy_http_version\s+1\.1", conf) is not None, "nginx.conf: HTTP/1.1 to the nodes",
           "nginx.conf: proxy_http_version 1.1 is needed for WebSockets and keep-alive")
    # A location with any proxy_set_header of its own inherits none from the server block: each proxying location
    # must pass the client's address on (ASPNETCORE_FORWARDEDHEADERS_ENABLED reads it) and the Host.
    lacking = [name for name, body in re.findall(r"location\s+([^{]+?)\s*\{(.*?)\}", conf, re.S)
               if "proxy_pass" in body and not ("X-Forwarded-For $proxy_add_x_forwarded_for" in body and "proxy_set_header Host" in body)]
    expect(not lacking, "nginx.conf: every proxying location passes Host and X-Forwarded-For",
           f"nginx.conf: locations {lacking} do not set Host and X-Forwarded-For themselves (proxy_set_header is not "
           "inherited by a location that sets any)")


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
        if file == COMPOSE:
            for service in (items[0].get("services") or {}).values():
                environment = service.get("environment") or {}
                used |= {(file, n) for n in (environment if isinstance(environment, dict) else [e.split("=")[0] for e in environment])}
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
    negotiating = []
    for file in glob.glob(path(f"{app}/src/**/*.ts"), recursive=True) + glob.glob(path(f"{app}/src/**/*.tsx"), recursive=True):
        text = open(file, encoding="utf-8").read()
        for start in (m.end() for m in re.finditer(r"\.withUrl\(", text)):
            depth, end = 1, start
            while depth and end < len(text):  # the call's arguments, up to its own closing parenthesis
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                end += 1
            if "skipNegotiation" not in text[start:end]:
                negotiating.append(os.path.relpath(file, ROOT))
    if negotiating:
        warning("the web UI's hub connections negotiate (" + ", ".join(sorted(set(negotiating))) + "): behind a round-robin "
                "proxy without affinity the negotiate request and the WebSocket can reach different nodes, and the "
                "connection fails and is retried. Fix: withUrl(url, { skipNegotiation: true, transport: "
                "HttpTransportType.WebSockets, ... }) (docs/operations.md, \"Scaling out\")")
    else:
        ok("UI: hub connections skip negotiation (WebSockets only), so no proxy affinity is needed")


def main(arguments):
    if arguments[:1] == ["publish-command"]:
        _, words = publish_arguments(parse_dockerfile())
        print("\n".join(words))
        return 0
    if arguments[:1] == ["image-environment"]:
        for name, value in stage_env(final_stage()).items():
            print(f"{name}={value}")
        return 0
    if arguments[:1] == ["healthcheck"]:
        print("\n".join(healthcheck_command(final_stage())))
        return 0
    rendered = arguments[arguments.index("--k8s") + 1] if "--k8s" in arguments else None
    documents = load_yaml_files()
    runtime = check_dockerfile()
    check_compose(documents, runtime)
    check_k8s(rendered)
    check_settings(documents)
    check_ui()
    if problems:
        print(f"{len(problems)} problem(s) in the deployment files")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
