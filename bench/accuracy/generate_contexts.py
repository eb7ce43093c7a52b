#!/usr/bin/env python3
"""Generate keylint's *contexts* accuracy corpus: where passwords hide, and keys written encoded.

    python3 bench/accuracy/generate_contexts.py --out /tmp/kl-contexts [--seed 1212]

A third generator, independent of generate.py and generate_breadth.py (its own seed and files; it
reuses only their label format and writer): realistic project files for the contexts of issue 12,
each credential labelled with a kind "<family>/<context>":

- password-files/: .pgpass, .netrc and _netrc, .my.cnf, .git-credentials, .npmrc (_authToken,
  _auth, _password), .pypirc, Maven settings.xml, .docker/config.json auths, htpasswd;
- command-lines/: shell scripts, a Dockerfile, compose `command:`, GitHub Actions and GitLab CI,
  a Makefile (--password X, -pX, --requirepass X, --token=X, docker login --password-stdin,
  curl -u, curl -H 'Authorization: Bearer', mysql -p'X', PGPASSWORD=X psql);
- connection-strings/: SQL Server, Azure Storage, Service Bus, Event Hubs, MongoDB, Redis, AMQP,
  JDBC and SQLAlchemy URLs, https/ftp/smtp user information (plain and percent-encoded);
- config-contexts/: Terraform/HCL, Helm values.yaml, Ansible vars, Spring application.properties,
  gradle.properties, Android local.properties, Xcode .xcconfig, iOS Info.plist;
- decoded/: Kubernetes Secret `data:` (base64), `Authorization: Basic`, keys spelled with `\\u` and
  `\\x` escapes, URLs with escaped slashes in JSON;
- invisible/: zero-width space, no-break space, soft hyphen, word joiner and BOM inside a key.

Passwords are a mix of random ones and human ones (a word, digits, a symbol): in a credential file
the file is the evidence. Hard negatives: `${VAR}` references, `changeme`-style placeholders, empty
values, `user:password@` examples, anonymous logins, base64 of placeholders. Every key-shaped value
is built at run time, so this file holds no literal credential. Python 3 standard library only; the
same seed gives byte-identical output.
"""

import argparse
import base64
import os
import sys
from urllib.parse import quote

from generate_breadth import ALNUM, Corpus  # noqa: E402  (same directory)
from generate import write  # noqa: E402

WORDS = ["Orchard", "Falcon", "Maple", "Harbor", "Copper", "Lantern", "Juniper", "Glacier", "Tundra", "Saffron"]


def human(r):
    return "%s%s%d%s" % (r.choice(WORDS), r.choice(["-", "_", "", "."]), r.randint(1000, 9999), r.choice("!#*%+"))


def b64(s):
    return base64.b64encode(s.encode()).decode()


def openai_like(g):
    return "sk-" + "proj-" + g.s(ALNUM, 40) + "T3Bl" + "bkFJ" + g.s(ALNUM, 40)


def github_like(g):
    return "gh" + "p_" + g.s(ALNUM, 36)


def password_files(c, proj):
    g, r = c.g, c.r
    K = "password-files/"
    pw = lambda: r.choice([g.password(), human(r)])
    f = c.file(proj + "/ops/home/.pgpass")
    f.add("# hostname:port:database:username:password")
    for host in ["pg-primary.internal", "pg-replica.internal"]:
        p = pw()
        f.pos("%s:5432:%s:%s:%s" % (host, r.choice(["orders", "*"]), r.choice(["app", "etl"]), p), p, K + "pgpass")
    f = c.file(proj + "/ops/home/.netrc")
    for host in ["api.heroku.com", "nexus.acme-corp.io"]:
        p = pw()
        f.add("machine %s\n  login ops@acme-corp.io" % host)
        f.pos("  password %s" % p, p, K + "netrc")
    f = c.file(proj + "/ops/windows/_netrc")
    p = pw()
    f.pos("machine ftp.acme-corp.io login deploy password %s" % p, p, K + "netrc")
    f = c.file(proj + "/ops/home/.my.cnf")
    p = pw()
    f.add("[client]\nuser = report\nhost = mysql.internal\nport = 3306")
    f.pos("password = \"%s\"" % p, p, K + "my-cnf")
    f = c.file(proj + "/ops/home/.git-credentials")
    p = pw()
    f.pos("https://release-bot:%s@git.acme-corp.io" % p, p, K + "git-credentials")
    f = c.file(proj + "/web/.npmrc")
    tok = "npm" + "_" + g.s(ALNUM, 36)
    f.add("registry=https://registry.npmjs.org/\n@acme:registry=https://npm.acme-corp.io/")
    f.pos("//npm.acme-corp.io/:_authToken=%s" % tok, tok, K + "npmrc-authtoken")
    p = pw()
    enc = b64(p)
    f.add("//nexus.acme-corp.io/repository/npm/:username=deploy")
    f.pos("//nexus.acme-corp.io/repository/npm/:_password=%s" % enc, enc, K + "npmrc-password")
    f = c.file(proj + "/legacy/.npmrc")
    enc = b64("deploy:" + pw())
    f.add("registry=https://nexus.acme-corp.io/repository/npm-group/\nalways-auth=true")
    f.pos("_auth=%s" % enc, enc, K + "npmrc-auth")
    f = c.file(proj + "/ops/home/.pypirc")
    p = pw()
    f.add("[distutils]\nindex-servers = private\n\n[private]\nrepository = https://pypi.acme-corp.io/\nusername = uploader")
    f.pos("password = %s" % p, p, K + "pypirc")
    f = c.file(proj + "/ci/maven/settings.xml")
    p = pw()
    f.add("<settings>\n  <servers>\n    <server>\n      <id>acme-releases</id>\n      <username>ci</username>")
    f.pos("      <password>%s</password>" % p, p, K + "maven-settings")
    f.add("    </server>\n  </servers>\n</settings>")
    f = c.file(proj + "/ci/.docker/config.json")
    enc = b64("ci-robot:" + pw())
    f.add('{\n  "auths": {\n    "registry.acme-corp.io": {')
    f.pos('      "auth": "%s"' % enc, enc, K + "docker-config")
    f.add('    }\n  },\n  "credsStore": ""\n}')
    f = c.file(proj + "/deploy/nginx/.htpasswd")
    h = "$apr1$" + g.s(ALNUM, 8) + "$" + g.s(ALNUM + "./", 22)
    f.pos("admin:%s" % h, h, K + "htpasswd")


def command_lines(c, proj):
    g, r = c.g, c.r
    K = "command-lines/"
    pw = lambda: r.choice([g.password(), human(r)])
    f = c.file(proj + "/scripts/restore.sh")
    f.add("#!/usr/bin/env bash\nset -euo pipefail\nDUMP=${1:?dump file}")
    p = pw()
    f.pos("mysql -h db.internal -u admin -p'%s' shop < \"$DUMP\"" % p, p, K + "mysql-p")
    p = pw()
    f.pos("PGPASSWORD=%s psql -h pg.internal -U admin -d orders -f migrate.sql" % p, p, K + "pgpassword")
    tok = g.s(ALNUM, 40)
    f.pos("curl -fsS -H 'Authorization: Bearer %s' https://api.acme-corp.io/v1/restore" % tok, tok, K + "curl-bearer")
    p = pw()
    f.pos("curl -u admin:%s https://jenkins.acme-corp.io/job/nightly/build" % p, p, K + "curl-u")
    f = c.file(proj + "/Dockerfile")
    f.add("FROM python:3.12-slim\nWORKDIR /srv")
    tok = g.s(ALNUM, 32)
    f.pos("RUN pip install --index-url https://pypi.acme-corp.io/simple acme-sdk && acme-cli configure --token=%s" % tok, tok, K + "token-flag")
    f.add('CMD ["gunicorn", "app:app"]')
    f = c.file(proj + "/docker-compose.yml")
    p = g.s(ALNUM, 24)
    f.add("services:\n  cache:\n    image: redis:7-alpine")
    f.pos("    command: redis-server --appendonly yes --requirepass %s" % p, p, K + "requirepass")
    f.add("  web:\n    build: .\n    depends_on: [cache]")
    f = c.file(proj + "/.github/workflows/release.yml")
    p = pw()
    f.add("name: release\non:\n  push:\n    tags: ['v*']\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: |")
    f.pos("          echo '%s' | docker login ghcr.io -u acme-bot --password-stdin" % p, p, K + "docker-login")
    f.neg("      - run: echo \"${{ secrets.GHCR_TOKEN }}\" | docker login ghcr.io -u acme-bot --password-stdin", "CI secret reference")
    f = c.file(proj + "/.gitlab-ci.yml")
    p = pw()
    f.add("deploy:\n  stage: deploy\n  script:")
    f.pos("    - ./bin/deployctl login --user ci --password %s" % p, p, K + "password-flag")
    f.neg("    - ./bin/deployctl login --user ci --password \"$DEPLOY_PASSWORD\"", "CI variable reference")
    f = c.file(proj + "/Makefile")
    p = pw()
    f.add(".PHONY: seed\nseed:")
    f.pos("\tmysql -uroot -p%s shop < fixtures/seed.sql" % p, p, K + "mysql-p")


def connection_strings(c, proj):
    g, r = c.g, c.r
    K = "connection-strings/"
    pw = lambda: r.choice([g.password(), human(r)])
    f = c.file(proj + "/src/Api/appsettings.Production.json")
    p = pw()
    sql = "Server=tcp:acme-sql.database.windows.net,1433;Initial Catalog=shop;User ID=api;Password=%s;Encrypt=True;" % p
    key = base64.b64encode(bytes(r.getrandbits(8) for _ in range(64))).decode()
    storage = "DefaultEndpointsProtocol=https;AccountName=acmeassets;AccountKey=%s;EndpointSuffix=core.windows.net" % key
    sb = base64.b64encode(bytes(r.getrandbits(8) for _ in range(32))).decode()
    bus = "Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=%s" % sb
    eh = base64.b64encode(bytes(r.getrandbits(8) for _ in range(32))).decode()
    hub = "Endpoint=sb://acme-events.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=%s;EntityPath=clicks" % eh
    f.add('{\n  "Logging": { "LogLevel": { "Default": "Information" } },\n  "ConnectionStrings": {')
    f.pos('    "Shop": "%s",' % sql, p, K + "sqlserver")
    f.pos('    "Assets": "%s",' % storage, key, K + "azure-storage")
    f.pos('    "Bus": "%s",' % bus, sb, K + "service-bus")
    f.pos('    "Events": "%s"' % hub, eh, K + "event-hubs")
    f.add("  }\n}")
    f = c.file(proj + "/services/worker/settings.py")
    f.add("import os\n\nDEBUG = False")
    p = pw()
    f.pos("MONGO_URI = \"mongodb+srv://worker:%s@cluster0.x1y2z.mongodb.net/jobs?retryWrites=true\"" % quote(p, safe=""), quote(p, safe=""), K + "mongodb-url")
    p = g.s(ALNUM, 20)
    f.pos("CACHE_URL = \"rediss://default:%s@cache.acme-corp.io:6380/0\"" % p, p, K + "redis-url")
    p = pw()
    f.pos("BROKER_URL = \"amqps://worker:%s@mq.acme-corp.io:5671/jobs\"" % quote(p, safe=""), quote(p, safe=""), K + "amqp-url")
    p = pw()
    f.pos("SQLALCHEMY_DATABASE_URI = \"postgresql+psycopg2://worker:%s@pg.internal:5432/jobs\"" % quote(p, safe=""), quote(p, safe=""), K + "sqlalchemy-url")
    f.neg("REPORTS_URI = os.environ[\"REPORTS_URI\"]", "env reference")
    f = c.file(proj + "/services/billing/src/main/resources/application.yml")
    p = pw()
    f.add("spring:\n  datasource:")
    f.pos("    url: jdbc:postgresql://pg.internal:5432/billing?user=billing&password=%s" % quote(p, safe=""), quote(p, safe=""), K + "jdbc-url")
    f = c.file(proj + "/services/notify/config.ts")
    f.add("export const config = {")
    p = pw()
    f.pos("  webhookUrl: 'https://notify:%s@hooks.acme-corp.io/v1/events'," % quote(p, safe=""), quote(p, safe=""), K + "https-userinfo")
    p = pw()
    f.pos("  smtpUrl: 'smtps://mailer:%s@smtp.acme-corp.io:465'," % quote(p, safe=""), quote(p, safe=""), K + "smtp-userinfo")
    f.neg("  docsUrl: 'https://user:password@api.example.com/',", "documentation example")
    f.neg("  mirror: 'ftp://anonymous:anonymous@ftp.acme-corp.io/pub',", "anonymous login")
    f.neg("  upstream: `https://svc:${process.env.UPSTREAM_PASSWORD}@up.acme-corp.io`,", "env reference")
    f.add("};")
    f = c.file(proj + "/services/fetcher/main.go")
    p = pw()
    f.add("package main\n\nimport \"net/http\"\n")
    f.pos("const feed = \"https://fetcher:%s@feeds.acme-corp.io/v2/export\"" % quote(p, safe=""), quote(p, safe=""), K + "https-userinfo")


def config_contexts(c, proj):
    g, r = c.g, c.r
    K = "config-contexts/"
    pw = lambda: r.choice([g.password(), g.s(ALNUM, 24)])
    f = c.file(proj + "/infra/rds.tf")
    p = pw()
    f.add('resource "aws_db_instance" "orders" {\n  identifier     = "orders"\n  engine         = "postgres"\n  instance_class = "db.t4g.medium"\n  username       = "orders_admin"')
    f.pos('  password       = "%s"' % p, p, K + "terraform")
    f.add("}")
    f = c.file(proj + "/deploy/chart/values.yaml")
    p = pw()
    f.add("replicaCount: 2\nimage:\n  repository: ghcr.io/acme/api\npostgresql:\n  auth:\n    username: api\n    database: api")
    f.pos("    password: %s" % p, p, K + "helm-values")
    f.neg("    existingSecret: \"\"", "empty value")
    f = c.file(proj + "/ansible/group_vars/db.yml")
    p = pw()
    f.add("---\npostgresql_version: 16\npostgresql_users:\n  - name: app")
    f.pos("    password: \"%s\"" % p, p, K + "ansible-vars")
    f.neg("postgresql_admin_password: \"{{ vault_pg_admin_password }}\"", "vault reference")
    f = c.file(proj + "/services/billing/src/main/resources/application.properties")
    p = pw()
    f.add("server.port=8081\nspring.datasource.url=jdbc:mysql://mysql.internal:3306/billing\nspring.datasource.username=billing")
    f.pos("spring.datasource.password=%s" % p, p, K + "spring-properties")
    f.neg("spring.mail.password=${MAIL_PASSWORD}", "env reference")
    f = c.file(proj + "/mobile/android/gradle.properties")
    p = pw()
    f.add("org.gradle.jvmargs=-Xmx4g\nandroid.useAndroidX=true\nmavenUser=ci")
    f.pos("mavenPassword=%s" % p, p, K + "gradle-properties")
    f = c.file(proj + "/mobile/android/local.properties")
    p = pw()
    f.add("sdk.dir=/Users/dev/Library/Android/sdk")
    f.pos("RELEASE_KEY_PASSWORD=%s" % p, p, K + "local-properties")
    f = c.file(proj + "/mobile/ios/Config/Secrets.xcconfig")
    v = g.s(ALNUM, 32)
    f.add("// Secrets for the release build")
    f.pos("PAYMENTS_CLIENT_SECRET = %s" % v, v, K + "xcconfig")
    f = c.file(proj + "/mobile/ios/Runner/Info.plist")
    v = g.s(ALNUM, 40)
    f.add('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n\t<key>CFBundleName</key>\n\t<string>Acme</string>\n\t<key>BackendClientSecret</key>')
    f.pos("\t<string>%s</string>" % v, v, K + "plist")
    f.add("</dict>\n</plist>")


def decoded(c, proj):
    g, r = c.g, c.r
    K = "decoded/"
    f = c.file(proj + "/deploy/k8s/secret.yaml")
    key = openai_like(g)
    p = r.choice([g.password(), human(r)])
    f.add("apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-secrets\n  namespace: prod\ntype: Opaque\ndata:")
    f.pos("  OPENAI_API_KEY: %s" % b64(key), b64(key), K + "k8s-data-key")
    f.neg("  DB_USER: %s" % b64("api"), "user name")
    f.pos("  DB_PASSWORD: %s" % b64(p), b64(p), K + "k8s-data-password")
    f.neg("  SMTP_PASSWORD: %s" % b64("changeme"), "base64 of a placeholder")
    f = c.file(proj + "/services/fetcher/client.py")
    tok = b64("fetcher:" + g.password())
    f.add("import requests\n\nSESSION = requests.Session()")
    f.pos("SESSION.headers[\"Authorization\"] = \"Basic %s\"" % tok, tok, K + "basic-header")
    f.neg("EXAMPLE = {\"Authorization\": \"Basic %s\"}" % b64("admin:password"), "base64 of a placeholder")
    f = c.file(proj + "/web/dist/assets/index-4f2a9c.js")
    key = github_like(g)
    esc = "".join("\\u%04x" % ord(ch) for ch in key)
    f.add("(function(){\"use strict\";var e=document.getElementById(\"app\");")
    f.pos("var n={gh:\"%s\",retries:3};" % esc, esc, K + "unicode-escapes")
    key = openai_like(g)
    esc = "".join("\\x%02x" % ord(ch) for ch in key)
    f.pos("var o='%s';" % esc, esc, K + "hex-escapes")
    f.add("})();")
    f = c.file(proj + "/web/public/config.json")
    p = g.password()
    f.pos('{"api":"https:\\/\\/svc:%s@api.acme-corp.io\\/v1","theme":"dark"}' % quote(p, safe=""), quote(p, safe=""), K + "escaped-url")


def invisible(c, proj):
    g, r = c.g, c.r
    K = "invisible/"
    f = c.file(proj + "/web/src/keys.ts")
    f.add("// pasted from the dashboard")
    for name, ch in [("zwsp", "\u200b"), ("nbsp", "\u00a0"), ("soft-hyphen", "\u00ad"), ("word-joiner", "\u2060"), ("bom", "\ufeff")]:
        key = openai_like(g)
        cut = r.randint(12, len(key) - 12)
        written = key[:cut] + ch + key[cut:]
        f.pos("export const %sKey = '%s';" % (name.replace("-", ""), written), written, K + name)


def build(seed):
    c = Corpus(seed)
    for proj in ["northwind", "bluebird"]:
        password_files(c, proj)
        command_lines(c, proj)
        connection_strings(c, proj)
        config_contexts(c, proj)
        decoded(c, proj)
        invisible(c, proj)
    return c


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory (OUT/files is replaced)")
    ap.add_argument("--seed", type=int, default=1212)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    labels = write(build(args.seed), args.out)
    print("wrote %d files: %d positives, %d labelled negatives (per-family table: generate_breadth.py --by-family)"
          % (len(labels["files"]), len(labels["positives"]), len(labels["negatives"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
