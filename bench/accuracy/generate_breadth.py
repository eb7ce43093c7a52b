#!/usr/bin/env python3
"""Generate keylint's *breadth* accuracy corpus: the long tail of providers and password contexts.

    python3 bench/accuracy/generate_breadth.py --out /tmp/kl-breadth [--seed 12]

A second generator, independent of generate.py: it covers the provider families added for issue 12
(cloud platforms, observability, devtools, data, identity, AI platforms, email/SMS, communication,
CRM/support, payments, commerce/shipping, CMS, collaboration, social media, location, analytics,
JWT-token SaaS) and the places where passwords hide (credential files and command lines).

Writes OUT/files/ and OUT/labels.json in the label format of generate.py, so evaluate.py scores it
unchanged. Provider kinds are named "<family>/<provider>", so evaluate.py's per-kind table groups
by family; `--by-family RESULT.json` (evaluate.py --json output) prints a per-family table.

Credential shapes come from the providers' documentation (prefix, length, alphabet, structure,
env var names, SDK constructors), written independently of keylint's rule patterns. Every
key-shaped value is built at run time from prefix + alphabet + length, so this file holds no
literal credential. Python 3 standard library only; the same seed gives byte-identical output.
"""

import argparse
import base64
import json
import os
import random
import string
import sys
import urllib.parse
from collections import defaultdict

LOWER = string.ascii_lowercase
UPPER = string.ascii_uppercase
DIGITS = string.digits
ALNUM = string.ascii_letters + DIGITS
LALNUM = LOWER + DIGITS
UALNUM = UPPER + DIGITS
URLSAFE = ALNUM + "-_"
B64 = ALNUM + "+/"
HEX = "0123456789abcdef"
UHEX = "0123456789ABCDEF"
B32L = LOWER + "234567"
ULID = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def b64(data):
    return base64.b64encode(data).decode()


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class G:
    def __init__(self, r):
        self.r = r

    def s(self, alphabet, n):
        while True:
            v = "".join(self.r.choice(alphabet) for _ in range(n))
            # Mixed alphabets: make the value look random (upper, lower and digit present).
            if n < 12 or not (set(alphabet) & set(UPPER) and set(alphabet) & set(LOWER)):
                return v
            if any(c.isupper() for c in v) and any(c.islower() for c in v) and any(c.isdigit() for c in v):
                return v

    def uuid(self):
        h = self.s(HEX, 32)
        return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], self.r.choice("89ab"), h[17:20], h[20:])

    def digits(self, n):
        return self.r.choice("123456789") + self.s(DIGITS, n - 1)

    def jwt(self, payload, alg="HS256"):
        head = b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
        body = b64url(json.dumps(payload, separators=(",", ":")).encode())
        return head + "." + body + "." + b64url(bytes(self.r.getrandbits(8) for _ in range(32 if alg.startswith("HS") else 64)))

    def jwt_std(self, iss, **extra):
        iat = self.r.randint(1_700_000_000, 1_760_000_000)
        p = {"iss": iss, "sub": self.uuid(), "iat": iat}
        p.update(extra)
        return self.jwt(p, self.r.choice(["HS256", "RS256"]))

    def password(self, n=None):
        n = n or self.r.randint(12, 22)
        while True:
            v = self.s(ALNUM + "!#%^*-_.+=@", n)
            if any(c.isupper() for c in v) and any(c.islower() for c in v) and any(c.isdigit() for c in v) \
                    and v[0].isalnum() and v[-1].isalnum():
                return v


# -----------------------------------------------------------------------------------------------
# Providers: (family, provider, generator, env var names). Shapes from provider documentation.
# -----------------------------------------------------------------------------------------------

def providers(g):
    s, u = g.s, g.uuid
    P = []

    def add(fam, pid, fn, names):
        P.append((fam, pid, fn, names))

    # cloud platforms
    f = "cloud-platforms"
    add(f, "fly-io", lambda: "FlyV1 fm2_" + b64(bytes(g.r.getrandbits(8) for _ in range(120))) + "," + "fm2_" + b64(bytes(g.r.getrandbits(8) for _ in range(90))), ["FLY_API_TOKEN", "FLY_ACCESS_TOKEN"])
    add(f, "fly-io-legacy", lambda: "fo1_" + s(URLSAFE, 43), ["FLY_API_TOKEN"])
    add(f, "render", lambda: "rnd_" + s(ALNUM, 32), ["RENDER_API_KEY"])
    add(f, "railway", u, ["RAILWAY_TOKEN", "RAILWAY_API_TOKEN"])
    add(f, "scaleway", u, ["SCW_SECRET_KEY"])
    add(f, "linode", lambda: s(HEX, 64), ["LINODE_TOKEN", "LINODE_CLI_TOKEN"])
    add(f, "vultr", lambda: s(UALNUM, 36), ["VULTR_API_KEY"])
    add(f, "hetzner", lambda: s(ALNUM, 64), ["HCLOUD_TOKEN"])
    add(f, "ovh", lambda: s(ALNUM, 32), ["OVH_APPLICATION_SECRET"])
    add(f, "civo", lambda: s(ALNUM, 50), ["CIVO_TOKEN"])
    add(f, "exoscale", lambda: s(URLSAFE, 43), ["EXOSCALE_API_SECRET"])
    add(f, "equinix-metal", lambda: s(ALNUM, 32), ["METAL_AUTH_TOKEN", "PACKET_AUTH_TOKEN"])
    add(f, "backblaze-b2", lambda: "K00" + s(ALNUM, 28), ["B2_APPLICATION_KEY"])
    add(f, "digitalocean-spaces", lambda: s(B64, 43), ["SPACES_SECRET_ACCESS_KEY", "DO_SPACES_SECRET"])
    add(f, "huawei-cloud", lambda: s(ALNUM, 40), ["HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY"])
    add(f, "minio", lambda: s(ALNUM, 40), ["MINIO_SECRET_KEY", "MINIO_ROOT_PASSWORD"])
    add(f, "akamai-edgegrid", lambda: s(B64, 43) + "=", ["AKAMAI_CLIENT_SECRET"])
    add(f, "cloudflare-r2", lambda: s(HEX, 64), ["R2_SECRET_ACCESS_KEY", "CLOUDFLARE_R2_SECRET_ACCESS_KEY"])
    add(f, "cloudflare-tunnel", lambda: b64(json.dumps({"a": s(HEX, 32), "t": u(), "s": b64(bytes(g.r.getrandbits(8) for _ in range(32)))}, separators=(",", ":")).encode()), ["TUNNEL_TOKEN", "CLOUDFLARE_TUNNEL_TOKEN"])
    add(f, "bunny", lambda: u() + "-" + s(HEX, 4) + "-" + s(HEX, 4) + "-" + s(HEX, 4) + "-" + s(HEX, 12), ["BUNNY_API_KEY", "BUNNYCDN_API_KEY"])
    add(f, "keycdn", lambda: s(ALNUM, 32), ["KEYCDN_API_KEY"])
    add(f, "deno-deploy", lambda: "ddp_" + s(ALNUM, 36), ["DENO_DEPLOY_TOKEN"])
    add(f, "rancher", lambda: "token-" + s(LALNUM, 5) + ":" + s(LALNUM, 54), ["RANCHER_TOKEN", "CATTLE_TOKEN"])
    add(f, "portainer", lambda: "ptr_" + s(B64, 43) + "=", ["PORTAINER_ACCESS_TOKEN", "PORTAINER_API_KEY"])
    add(f, "aws-bedrock", lambda: "ABSK" + b64(("BedrockAPIKey-" + s(LALNUM, 4) + "-at-" + g.digits(12) + ":" + s(B64, 40)).encode()), ["AWS_BEARER_TOKEN_BEDROCK"])
    add(f, "aws-bedrock-short", lambda: "bedrock-api-key-" + b64(("bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Credential=ASIA" + s(UALNUM, 16) + "&X-Amz-Signature=" + s(HEX, 64)).encode()), ["AWS_BEARER_TOKEN_BEDROCK"])
    add(f, "upstash-redis", lambda: "A" + s("XYZ", 1) + s(URLSAFE, 60) + "=", ["UPSTASH_REDIS_REST_TOKEN", "KV_REST_API_TOKEN"])
    add(f, "upstash-qstash", lambda: b64(json.dumps({"UserID": u(), "Password": s(HEX, 32)}, separators=(",", ":")).encode()), ["QSTASH_TOKEN"])
    add(f, "convex", lambda: "prod:" + g.r.choice(["happy", "brave", "quiet", "fancy"]) + "-" + g.r.choice(["otter", "falcon", "lynx", "panda"]) + "-" + g.digits(3) + "|" + s(B64, 100) + "=", ["CONVEX_DEPLOY_KEY"])
    add(f, "appwrite", lambda: "standard_" + s(HEX, 256), ["APPWRITE_API_KEY"])
    add(f, "hasura", lambda: s(ALNUM, 40), ["HASURA_GRAPHQL_ADMIN_SECRET"])
    add(f, "zerotier", lambda: s(ALNUM, 32), ["ZEROTIER_API_TOKEN", "ZEROTIER_CENTRAL_TOKEN"])
    add(f, "netbird", lambda: "nbp_" + s(ALNUM, 36), ["NETBIRD_API_TOKEN", "NB_API_TOKEN"])
    add(f, "argocd", lambda: g.jwt({"iss": "argocd", "sub": "admin:apiKey", "nbf": 1_710_000_000, "iat": 1_710_000_000, "jti": u()}), ["ARGOCD_AUTH_TOKEN"])
    add(f, "porkbun", lambda: "sk1_" + s(HEX, 64), ["PORKBUN_SECRET_API_KEY"])
    add(f, "dnsimple", lambda: s(ALNUM, 32), ["DNSIMPLE_TOKEN"])
    add(f, "godaddy", lambda: s(ALNUM, 22), ["GODADDY_API_SECRET"])
    add(f, "namecheap", lambda: s(HEX, 32), ["NAMECHEAP_API_KEY"])
    add(f, "gandi", lambda: s(HEX, 40), ["GANDI_PAT", "GANDIV5_PERSONAL_ACCESS_TOKEN"])
    add(f, "ns1", lambda: s(ALNUM, 20), ["NS1_APIKEY"])
    add(f, "wasabi", lambda: s(ALNUM, 40), ["WASABI_SECRET_KEY"])
    add(f, "uploadthing-token", lambda: b64(json.dumps({"apiKey": "sk_live_" + s(HEX, 64), "appId": s(LALNUM, 10), "regions": ["sea1"]}, separators=(",", ":")).encode()), ["UPLOADTHING_TOKEN"])
    add(f, "uploadthing-secret", lambda: "sk_live_" + s(HEX, 64), ["UPLOADTHING_SECRET"])
    add(f, "vercel-blob", lambda: "vercel_blob_rw_" + s(ALNUM, 16) + "_" + s(ALNUM, 30), ["BLOB_READ_WRITE_TOKEN"])

    f = "observability-more"
    add(f, "pagerduty-api", lambda: "u+" + s(URLSAFE, 18), ["PAGERDUTY_TOKEN", "PAGERDUTY_API_TOKEN"])
    add(f, "pagerduty-integration", lambda: s(HEX, 32), ["PAGERDUTY_ROUTING_KEY", "PAGERDUTY_INTEGRATION_KEY"])
    add(f, "opsgenie", u, ["OPSGENIE_API_KEY"])
    add(f, "honeycomb-ingest", lambda: "hcaik_01" + s(ULID, 24).lower() + s(LALNUM, 32), ["HONEYCOMB_API_KEY", "HONEYCOMB_INGEST_KEY"])
    add(f, "honeycomb-config", lambda: s(ALNUM, 22), ["HONEYCOMB_API_KEY"])
    add(f, "lightstep", lambda: s(B64, 84), ["LIGHTSTEP_ACCESS_TOKEN", "LS_ACCESS_TOKEN"])
    add(f, "sumologic", lambda: s(ALNUM, 64), ["SUMOLOGIC_ACCESSKEY", "SUMO_ACCESS_KEY"])
    add(f, "sumologic-http", lambda: "https://endpoint" + g.r.choice("1234") + ".collection.sumologic.com/receiver/v1/http/" + s(URLSAFE, 120) + "==", ["SUMO_HTTP_SOURCE_URL", "SUMOLOGIC_COLLECTOR_URL"])
    add(f, "loggly", u, ["LOGGLY_TOKEN", "LOGGLY_CUSTOMER_TOKEN"])
    add(f, "logzio", lambda: s(ALNUM, 32), ["LOGZIO_TOKEN", "LOGZIO_SHIPPING_TOKEN"])
    add(f, "dynatrace", lambda: "dt0c01." + s(UALNUM, 24) + "." + s(UALNUM, 64), ["DT_API_TOKEN", "DYNATRACE_API_TOKEN"])
    add(f, "grafana-legacy", lambda: b64(json.dumps({"k": s(ALNUM, 32), "n": "deploy", "id": g.r.randint(1, 999)}, separators=(",", ":")).encode()), ["GRAFANA_API_KEY"])
    add(f, "newrelic-admin", lambda: "NRAA-" + s(HEX, 27), ["NEW_RELIC_ADMIN_API_KEY"])
    add(f, "newrelic-rest", lambda: "NRRA-" + s(HEX, 42), ["NEW_RELIC_REST_API_KEY"])
    add(f, "newrelic-insights-query", lambda: "NRIQ-" + s(URLSAFE, 32), ["NEW_RELIC_INSIGHTS_QUERY_KEY"])
    add(f, "rollbar", lambda: s(HEX, 32), ["ROLLBAR_ACCESS_TOKEN", "ROLLBAR_SERVER_TOKEN"])
    add(f, "airbrake", lambda: s(HEX, 32), ["AIRBRAKE_PROJECT_KEY"])
    add(f, "axiom", lambda: g.r.choice(["xaat-", "xapt-"]) + u(), ["AXIOM_TOKEN"])
    add(f, "betterstack", lambda: s(ALNUM, 24), ["BETTERSTACK_SOURCE_TOKEN", "LOGTAIL_SOURCE_TOKEN"])
    add(f, "papertrail", lambda: s(ALNUM, 20), ["PAPERTRAIL_API_TOKEN"])
    add(f, "coralogix", lambda: "cxtp_" + s(ALNUM, 30), ["CORALOGIX_PRIVATE_KEY", "CORALOGIX_API_KEY"])
    add(f, "mezmo", lambda: s(HEX, 32), ["MEZMO_INGESTION_KEY", "LOGDNA_INGESTION_KEY"])
    add(f, "splunk-hec", u, ["SPLUNK_HEC_TOKEN"])
    add(f, "appsignal", u, ["APPSIGNAL_PUSH_API_KEY"])
    add(f, "checkly", lambda: "cu_" + s(HEX, 32), ["CHECKLY_API_KEY"])
    add(f, "bugsnag", lambda: s(HEX, 32), ["BUGSNAG_AUTH_TOKEN"])
    add(f, "elastic-apm", lambda: s(ALNUM, 24), ["ELASTIC_APM_SECRET_TOKEN"])
    add(f, "instana", lambda: s(URLSAFE, 22), ["INSTANA_AGENT_KEY"])
    add(f, "uptimerobot", lambda: "u" + g.digits(7) + "-" + s(HEX, 24), ["UPTIMEROBOT_API_KEY"])

    f = "devtools"
    add(f, "vault-service-legacy", lambda: "s." + s(ALNUM, 24), ["VAULT_TOKEN"])
    add(f, "vault-recovery", lambda: "r." + s(ALNUM, 24), ["VAULT_RECOVERY_TOKEN"])
    add(f, "hcp-service-principal", lambda: s(ALNUM, 64), ["HCP_CLIENT_SECRET"])
    add(f, "infisical-service", lambda: "st." + u() + "." + s(HEX, 32) + "." + s(HEX, 32), ["INFISICAL_TOKEN"])
    add(f, "infisical-client-secret", lambda: s(HEX, 64), ["INFISICAL_CLIENT_SECRET", "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"])
    add(f, "akeyless", lambda: s(B64, 43) + "=", ["AKEYLESS_ACCESS_KEY"])
    add(f, "bitbucket", lambda: "ATBB" + s(ALNUM, 32) + s(UHEX, 8), ["BITBUCKET_APP_PASSWORD", "BITBUCKET_TOKEN"])
    add(f, "gitea", lambda: s(HEX, 40), ["GITEA_TOKEN"])
    add(f, "youtrack", lambda: "perm:" + b64(s(LOWER, 6).encode()).rstrip("=") + "." + b64(("40-" + g.digits(2)).encode()).rstrip("=") + "." + s(ALNUM, 30), ["YOUTRACK_TOKEN"])
    add(f, "jenkins", lambda: "11" + s(HEX, 32), ["JENKINS_API_TOKEN", "JENKINS_TOKEN"])
    add(f, "harness", lambda: "pat." + s(URLSAFE, 22) + "." + s(HEX, 24) + "." + s(ALNUM, 20), ["HARNESS_PLATFORM_API_KEY", "HARNESS_API_KEY"])
    add(f, "octopus", lambda: "API-" + s(UALNUM, 27), ["OCTOPUS_API_KEY", "OCTOPUS_CLI_API_KEY"])
    add(f, "buildkite-agent", lambda: s(LALNUM, 50), ["BUILDKITE_AGENT_TOKEN"])
    add(f, "drone", lambda: s(ALNUM, 32), ["DRONE_TOKEN"])
    add(f, "codecov", u, ["CODECOV_TOKEN"])
    add(f, "coveralls", lambda: s(ALNUM, 33), ["COVERALLS_REPO_TOKEN"])
    add(f, "sonarcloud", lambda: g.r.choice(["", "sqp_", "squ_"]) + s(HEX, 40), ["SONAR_TOKEN"])
    add(f, "semgrep", lambda: s(HEX, 64), ["SEMGREP_APP_TOKEN"])
    add(f, "gitguardian", lambda: s(ALNUM, 64), ["GITGUARDIAN_API_KEY"])
    add(f, "quay-robot", lambda: s(UALNUM, 64), ["QUAY_ROBOT_TOKEN", "QUAY_PASSWORD"])
    add(f, "harbor-robot", lambda: s(ALNUM, 32), ["HARBOR_ROBOT_SECRET", "HARBOR_PASSWORD"])
    add(f, "cloudsmith", lambda: s(HEX, 40), ["CLOUDSMITH_API_KEY"])
    add(f, "gemfury", lambda: s(ALNUM, 20), ["GEMFURY_TOKEN", "FURY_TOKEN"])
    add(f, "packagecloud", lambda: s(HEX, 48), ["PACKAGECLOUD_TOKEN"])
    add(f, "hex-pm", lambda: s(HEX, 32), ["HEX_API_KEY"])
    add(f, "consul", u, ["CONSUL_HTTP_TOKEN"])
    add(f, "nomad", u, ["NOMAD_TOKEN"])
    add(f, "saucelabs", u, ["SAUCE_ACCESS_KEY"])
    add(f, "browserstack", lambda: s(ALNUM, 20), ["BROWSERSTACK_ACCESS_KEY"])
    add(f, "cypress", u, ["CYPRESS_RECORD_KEY"])
    add(f, "percy", lambda: "web_" + s(HEX, 64), ["PERCY_TOKEN"])
    add(f, "expo", lambda: s(URLSAFE, 40), ["EXPO_TOKEN"])
    add(f, "flagsmith", lambda: "ser." + s(ALNUM, 22), ["FLAGSMITH_SERVER_KEY", "FLAGSMITH_ENVIRONMENT_KEY"])
    add(f, "unleash", lambda: g.r.choice(["*:production.", "default:production.", "default:development."]) + s(HEX, 64), ["UNLEASH_API_TOKEN", "UNLEASH_SERVER_API_TOKEN"])
    add(f, "statsig", lambda: "secret-" + s(ALNUM, 43), ["STATSIG_SERVER_SECRET", "STATSIG_SERVER_KEY"])
    add(f, "posthog-personal", lambda: "phx_" + s(ALNUM, 47), ["POSTHOG_PERSONAL_API_KEY"])
    add(f, "kong-konnect", lambda: g.r.choice(["kpat_", "spat_"]) + s(ALNUM, 47), ["KONNECT_TOKEN", "KONG_KONNECT_PAT"])
    add(f, "apify", lambda: "apify_api_" + s(ALNUM, 36), ["APIFY_TOKEN"])
    add(f, "veracode", lambda: s(HEX, 128), ["VERACODE_API_KEY_SECRET", "VERACODE_API_SECRET"])
    add(f, "wiz", lambda: s(ALNUM, 64), ["WIZ_CLIENT_SECRET"])
    add(f, "crowdstrike", lambda: s(ALNUM, 40), ["FALCON_CLIENT_SECRET"])
    add(f, "shodan", lambda: s(ALNUM, 32), ["SHODAN_API_KEY"])
    add(f, "virustotal", lambda: s(HEX, 64), ["VT_API_KEY", "VIRUSTOTAL_API_KEY"])
    add(f, "intra42", lambda: "s-s4t2" + g.r.choice(["ud", "af"]) + "-" + s(HEX, 64), ["FT_CLIENT_SECRET", "INTRA42_SECRET"])
    add(f, "adafruit-io", lambda: "aio_" + s(ALNUM, 28), ["ADAFRUIT_IO_KEY", "AIO_KEY"])
    add(f, "bitwarden-sm", lambda: "0." + u() + "." + s(ALNUM, 30) + ":" + s(B64, 22) + "==", ["BWS_ACCESS_TOKEN"])
    add(f, "onepassword-connect", lambda: g.jwt({"aud": ["com.1password.connect"], "iss": "com.1password.b5", "sub": s(UALNUM, 26), "iat": 1_712_000_000, "jti": s(LALNUM, 26)}, "ES256"), ["OP_CONNECT_TOKEN"])
    add(f, "cyberark-conjur", lambda: s(LALNUM, 55), ["CONJUR_AUTHN_API_KEY"])
    add(f, "teamcity", lambda: b64url(b'{"typ": "TCV2"}') + "." + s(URLSAFE, 36) + "." + s(URLSAFE, 48), ["TEAMCITY_TOKEN"])
    add(f, "scalingo", lambda: "tk-us-" + s(URLSAFE, 48), ["SCALINGO_API_TOKEN"])
    add(f, "jumpcloud", lambda: s(HEX, 40), ["JUMPCLOUD_API_KEY", "JC_API_KEY"])
    add(f, "duo", lambda: s(ALNUM, 40), ["DUO_SECRET_KEY", "DUO_SKEY"])
    add(f, "fivetran", lambda: s(ALNUM, 32), ["FIVETRAN_API_SECRET"])
    add(f, "databricks-oauth", lambda: "dose" + s(HEX, 32), ["DATABRICKS_CLIENT_SECRET"])
    add(f, "split", lambda: s(LALNUM, 36), ["SPLIT_API_KEY", "SPLIT_SDK_KEY"])
    add(f, "configcat", lambda: "configcat-sdk-1/" + s(URLSAFE, 22) + "/" + s(URLSAFE, 22), ["CONFIGCAT_SDK_KEY"])
    add(f, "codacy", lambda: s(HEX, 32), ["CODACY_PROJECT_TOKEN", "CODACY_API_TOKEN"])
    add(f, "deepsource", lambda: "https://" + s(HEX, 32) + "@app.deepsource.com", ["DEEPSOURCE_DSN"])
    add(f, "nx-cloud", lambda: s(B64, 86) + "==", ["NX_CLOUD_ACCESS_TOKEN"])
    add(f, "turborepo", lambda: s(ALNUM, 24), ["TURBO_TOKEN"])

    f = "data"
    add(f, "mongodb-atlas-api", u, ["MONGODB_ATLAS_PRIVATE_KEY", "ATLAS_PRIVATE_KEY"])
    add(f, "mongodb-atlas-sa", lambda: "mdb_sa_sk_" + s(ALNUM, 40), ["MONGODB_ATLAS_CLIENT_SECRET"])
    add(f, "confluent", lambda: s(B64, 64), ["CONFLUENT_CLOUD_API_SECRET", "CONFLUENT_API_SECRET"])
    add(f, "clickhouse-cloud", lambda: "4b1d" + s(ALNUM, 38), ["CLICKHOUSE_KEY_SECRET"])
    add(f, "cockroachdb", lambda: "CCDB1_" + s(ALNUM, 22) + "_" + s(ALNUM, 40), ["COCKROACH_API_KEY", "COCKROACH_API_TOKEN"])
    add(f, "fauna", lambda: "fnA" + s(URLSAFE, 37), ["FAUNA_SECRET", "FAUNADB_SECRET"])
    add(f, "xata", lambda: "xau_" + s(ALNUM, 32), ["XATA_API_KEY"])
    add(f, "turso", lambda: g.jwt({"a": "rw", "iat": 1_715_000_000, "id": u()}, "EdDSA"), ["TURSO_AUTH_TOKEN"])
    add(f, "prisma-accelerate", lambda: "prisma://accelerate.prisma-data.net/?api_key=" + g.jwt({"secure_key": "sk_" + s(URLSAFE, 24), "api_key_id": u(), "tenant_id": s(HEX, 64)}), ["DATABASE_URL", "PRISMA_ACCELERATE_URL"])
    add(f, "influxdb", lambda: s(URLSAFE, 86) + "==", ["INFLUX_TOKEN", "INFLUXDB_TOKEN"])
    add(f, "redis-cloud", lambda: s(ALNUM, 50), ["REDISCLOUD_SECRET_KEY", "REDIS_CLOUD_API_SECRET"])
    add(f, "elasticsearch", lambda: b64((s(URLSAFE, 20) + ":" + s(URLSAFE, 22)).encode()), ["ELASTIC_API_KEY", "ELASTICSEARCH_API_KEY"])
    add(f, "typesense", lambda: s(ALNUM, 32), ["TYPESENSE_API_KEY", "TYPESENSE_ADMIN_API_KEY"])
    add(f, "meilisearch", lambda: s(URLSAFE, 43), ["MEILI_MASTER_KEY", "MEILISEARCH_MASTER_KEY"])
    add(f, "aiven", lambda: s(B64, 200) + "==", ["AIVEN_TOKEN", "AIVEN_API_TOKEN"])
    add(f, "looker", lambda: s(ALNUM, 24), ["LOOKERSDK_CLIENT_SECRET"])
    add(f, "tableau", lambda: s(B64, 22) + "==:" + s(ALNUM, 32), ["TABLEAU_PAT_SECRET", "TABLEAU_TOKEN_VALUE"])
    add(f, "dbt-cloud", lambda: g.r.choice(["dbtc_", "dbtu_"]) + s(URLSAFE, 57), ["DBT_CLOUD_API_TOKEN", "DBT_CLOUD_TOKEN"])
    add(f, "weaviate", lambda: s(ALNUM, 40), ["WEAVIATE_API_KEY"])
    add(f, "qdrant", lambda: s(URLSAFE, 44), ["QDRANT_API_KEY"])
    add(f, "tinybird", lambda: "p." + b64url(json.dumps({"u": u(), "id": u(), "host": "gcp-europe-west3"}).encode()) + "." + s(URLSAFE, 43), ["TINYBIRD_TOKEN", "TB_TOKEN"])
    add(f, "motherduck", lambda: g.jwt({"session": s(LOWER, 8) + ".motherduck.com", "email": "data@example.org", "userId": u(), "iat": 1_716_000_000, "iss": "md_pat"}), ["MOTHERDUCK_TOKEN", "motherduck_token"])
    add(f, "temporal-cloud", lambda: g.jwt({"account_id": s(LALNUM, 5), "key_id": s(LALNUM, 32), "iss": "temporal.io"}, "ES256"), ["TEMPORAL_API_KEY", "TEMPORAL_CLOUD_API_KEY"])
    add(f, "inngest", lambda: "signkey-" + g.r.choice(["prod", "test", "branch"]) + "-" + s(HEX, 64), ["INNGEST_SIGNING_KEY"])
    add(f, "trigger-dev", lambda: g.r.choice(["tr_prod_", "tr_dev_"]) + s(ALNUM, 20), ["TRIGGER_SECRET_KEY", "TRIGGER_API_KEY"])

    f = "identity"
    add(f, "auth0", lambda: s(URLSAFE, 64), ["AUTH0_CLIENT_SECRET"])
    add(f, "clerk-live", lambda: "sk_live_" + s(ALNUM, 42), ["CLERK_SECRET_KEY"])
    add(f, "clerk-test", lambda: "sk_test_" + s(ALNUM, 42), ["CLERK_SECRET_KEY"])
    add(f, "workos", lambda: "sk_" + s(ALNUM, 80), ["WORKOS_API_KEY"])
    add(f, "stytch", lambda: g.r.choice(["secret-live-", "secret-test-"]) + s(URLSAFE, 36), ["STYTCH_SECRET"])
    add(f, "okta", lambda: s(URLSAFE, 64), ["OKTA_CLIENT_SECRET", "OKTA_OAUTH2_CLIENT_SECRET"])
    add(f, "keycloak", lambda: s(ALNUM, 32), ["KEYCLOAK_CLIENT_SECRET", "KC_CLIENT_SECRET"])
    add(f, "kinde", lambda: s(ALNUM, 52), ["KINDE_CLIENT_SECRET"])
    add(f, "onelogin", lambda: s(HEX, 64), ["ONELOGIN_CLIENT_SECRET"])
    add(f, "frontegg", u, ["FRONTEGG_API_KEY"])

    f = "ai-platforms"
    add(f, "modal", lambda: "as-" + s(ALNUM, 22), ["MODAL_TOKEN_SECRET"])
    add(f, "together", lambda: "tgp_v1_" + s(URLSAFE, 43), ["TOGETHER_API_KEY"])
    add(f, "together-legacy", lambda: s(HEX, 64), ["TOGETHER_API_KEY"])
    add(f, "fireworks", lambda: "fw_" + s(ALNUM, 24), ["FIREWORKS_API_KEY"])
    add(f, "anyscale", lambda: "esecret_" + s(LALNUM, 26), ["ANYSCALE_API_KEY"])
    add(f, "cerebras", lambda: "csk-" + s(LALNUM, 48), ["CEREBRAS_API_KEY"])
    add(f, "voyage", lambda: "pa-" + s(URLSAFE, 43), ["VOYAGE_API_KEY"])
    add(f, "jina", lambda: "jina_" + s(HEX, 32) + s(ALNUM, 28), ["JINA_API_KEY"])
    add(f, "stability", lambda: "sk-" + s(ALNUM, 48), ["STABILITY_API_KEY"])
    add(f, "runway", lambda: "key_" + s(HEX, 128), ["RUNWAYML_API_SECRET"])
    add(f, "deepgram", lambda: s(HEX, 40), ["DEEPGRAM_API_KEY"])
    add(f, "assemblyai", lambda: s(HEX, 32), ["ASSEMBLYAI_API_KEY"])
    add(f, "wandb", lambda: s(HEX, 40), ["WANDB_API_KEY"])
    add(f, "comet", lambda: s(ALNUM, 25), ["COMET_API_KEY"])
    add(f, "neptune", lambda: b64(json.dumps({"api_address": "https://app.neptune.ai", "api_url": "https://app.neptune.ai", "api_key": u()}).encode()), ["NEPTUNE_API_TOKEN"])
    add(f, "scale-ai", lambda: "live_" + s(HEX, 32), ["SCALE_API_KEY"])
    add(f, "nvidia", lambda: "nvapi-" + s(URLSAFE, 64), ["NVIDIA_API_KEY", "NGC_API_KEY"])
    add(f, "langfuse", lambda: "sk-lf-" + u(), ["LANGFUSE_SECRET_KEY"])
    add(f, "llamacloud", lambda: "llx-" + s(ALNUM, 48), ["LLAMA_CLOUD_API_KEY"])
    add(f, "firecrawl", lambda: "fc-" + s(HEX, 32), ["FIRECRAWL_API_KEY"])
    add(f, "e2b", lambda: "e2b_" + s(HEX, 40), ["E2B_API_KEY"])
    add(f, "browserbase", lambda: "bb_live_" + s(URLSAFE, 27), ["BROWSERBASE_API_KEY"])
    add(f, "exa", u, ["EXA_API_KEY"])
    add(f, "serpapi", lambda: s(HEX, 64), ["SERPAPI_API_KEY", "SERPAPI_KEY"])
    add(f, "fal", lambda: u() + ":" + s(HEX, 32), ["FAL_KEY"])
    add(f, "clarifai", lambda: s(HEX, 32), ["CLARIFAI_PAT"])
    add(f, "ai21", lambda: s(ALNUM, 32), ["AI21_API_KEY"])
    add(f, "runpod", lambda: "rpa_" + s(UALNUM, 48), ["RUNPOD_API_KEY"])
    add(f, "baseten", lambda: s(ALNUM, 8) + "." + s(ALNUM, 32), ["BASETEN_API_KEY"])
    add(f, "helicone", lambda: "sk-helicone-" + "-".join(s(LALNUM, 7) for _ in range(4)), ["HELICONE_API_KEY"])
    add(f, "braintrust", lambda: "sk-" + s(ALNUM, 48), ["BRAINTRUST_API_KEY"])
    add(f, "deepinfra", lambda: s(ALNUM, 32), ["DEEPINFRA_TOKEN", "DEEPINFRA_API_KEY"])
    add(f, "vastai", lambda: s(HEX, 64), ["VAST_API_KEY", "VASTAI_API_KEY"])
    add(f, "roboflow", lambda: s(ALNUM, 20), ["ROBOFLOW_API_KEY"])
    add(f, "speechmatics", lambda: s(ALNUM, 32), ["SPEECHMATICS_API_KEY"])
    add(f, "gladia", u, ["GLADIA_API_KEY"])
    add(f, "cartesia", lambda: "sk_car_" + s(ALNUM, 22), ["CARTESIA_API_KEY"])
    add(f, "hume", lambda: s(ALNUM, 48), ["HUME_API_KEY"])
    add(f, "leonardo", u, ["LEONARDO_API_KEY"])
    add(f, "brave-search", lambda: "BSA" + s(ALNUM, 28), ["BRAVE_API_KEY", "BRAVE_SEARCH_API_KEY"])
    add(f, "unstructured", lambda: s(ALNUM, 30), ["UNSTRUCTURED_API_KEY"])
    add(f, "scrapingbee", lambda: s(UALNUM, 80), ["SCRAPINGBEE_API_KEY"])
    add(f, "kaggle", lambda: s(HEX, 32), ["KAGGLE_KEY"])
    add(f, "moonshot", lambda: "sk-" + s(ALNUM, 48), ["MOONSHOT_API_KEY"])
    add(f, "zhipu", lambda: s(HEX, 32) + "." + s(ALNUM, 16), ["ZHIPUAI_API_KEY"])
    add(f, "dashscope", lambda: "sk-" + s(HEX, 32), ["DASHSCOPE_API_KEY"])
    add(f, "siliconflow", lambda: "sk-" + s(LOWER, 48), ["SILICONFLOW_API_KEY"])
    add(f, "volcengine-ark", u, ["ARK_API_KEY"])
    add(f, "baidu-qianfan", lambda: "bce-v3/ALTAK-" + s(ALNUM, 21) + "/" + s(HEX, 40), ["QIANFAN_API_KEY"])
    add(f, "novita", lambda: "sk_" + s(URLSAFE, 43), ["NOVITA_API_KEY"])
    add(f, "clearml", lambda: s(ALNUM, 50), ["CLEARML_API_SECRET_KEY"])

    f = "email-sms"
    add(f, "resend", lambda: "re_" + s(ALNUM, 8) + "_" + s(ALNUM, 24), ["RESEND_API_KEY"])
    add(f, "mailjet", lambda: s(HEX, 32), ["MJ_APIKEY_PRIVATE", "MAILJET_API_SECRET"])
    add(f, "mandrill", lambda: "md-" + s(URLSAFE, 22), ["MANDRILL_API_KEY"])
    add(f, "sparkpost", lambda: s(HEX, 40), ["SPARKPOST_API_KEY"])
    add(f, "mailersend", lambda: "mlsn." + s(HEX, 64), ["MAILERSEND_API_KEY", "MAILERSEND_API_TOKEN"])
    add(f, "mailtrap", lambda: s(HEX, 32), ["MAILTRAP_API_TOKEN", "MAILTRAP_TOKEN"])
    add(f, "loops", lambda: s(HEX, 32), ["LOOPS_API_KEY"])
    add(f, "customerio-app", lambda: s(HEX, 32), ["CUSTOMERIO_APP_API_KEY"])
    add(f, "customerio-track", lambda: s(HEX, 20), ["CUSTOMERIO_TRACK_API_KEY"])
    add(f, "klaviyo", lambda: "pk_" + s(HEX, 34), ["KLAVIYO_PRIVATE_API_KEY", "KLAVIYO_API_KEY"])
    add(f, "braze", u, ["BRAZE_REST_API_KEY", "BRAZE_API_KEY"])
    add(f, "iterable", lambda: s(HEX, 32), ["ITERABLE_API_KEY"])
    add(f, "onesignal", lambda: "os_v2_app_" + s(B32L, 113), ["ONESIGNAL_REST_API_KEY", "ONESIGNAL_API_KEY"])
    add(f, "onesignal-legacy", lambda: s(B64, 48), ["ONESIGNAL_REST_API_KEY"])
    add(f, "vonage", lambda: s(ALNUM, 16), ["VONAGE_API_SECRET", "NEXMO_API_SECRET"])
    add(f, "messagebird", lambda: s(ALNUM, 25), ["MESSAGEBIRD_ACCESS_KEY", "MESSAGEBIRD_API_KEY"])
    add(f, "plivo", lambda: s(ALNUM, 40), ["PLIVO_AUTH_TOKEN"])
    add(f, "telnyx", lambda: "KEY" + s(ULID, 26) + "_" + s(ALNUM, 22), ["TELNYX_API_KEY"])
    add(f, "zeptomail", lambda: "Zoho-enczapikey " + s(B64, 110) + "==", ["ZEPTOMAIL_TOKEN", "ZEPTOMAIL_API_KEY"])
    add(f, "brevo-smtp", lambda: "xsmtpsib-" + s(HEX, 64) + "-" + s(ALNUM, 16), ["BREVO_SMTP_KEY", "SMTP_PASSWORD"])
    add(f, "nylas", lambda: "nyk_v0_" + s(ALNUM, 48), ["NYLAS_API_KEY"])

    f = "communication"
    add(f, "pusher", lambda: s(HEX, 20), ["PUSHER_APP_SECRET", "PUSHER_SECRET"])
    add(f, "ably", lambda: s(URLSAFE, 6) + "." + s(URLSAFE, 6) + ":" + s(URLSAFE, 43), ["ABLY_API_KEY"])
    add(f, "stream", lambda: s(LALNUM, 64), ["STREAM_API_SECRET", "STREAM_SECRET"])
    add(f, "pubnub", lambda: "sec-c-" + s(B64, 48), ["PUBNUB_SECRET_KEY"])
    add(f, "sendbird", lambda: s(HEX, 40), ["SENDBIRD_API_TOKEN"])
    add(f, "agora", lambda: s(HEX, 32), ["AGORA_APP_CERTIFICATE"])
    add(f, "daily", lambda: s(HEX, 64), ["DAILY_API_KEY"])
    add(f, "vonage-video", lambda: s(HEX, 40), ["OPENTOK_API_SECRET", "VONAGE_VIDEO_API_SECRET"])
    add(f, "discord-client-secret", lambda: s(URLSAFE, 32), ["DISCORD_CLIENT_SECRET"])
    add(f, "line-access-token", lambda: s(B64, 171) + "=", ["LINE_CHANNEL_ACCESS_TOKEN"])
    add(f, "line-secret", lambda: s(HEX, 32), ["LINE_CHANNEL_SECRET"])
    add(f, "mattermost", lambda: s(LALNUM, 26), ["MATTERMOST_TOKEN", "MM_ACCESS_TOKEN"])
    add(f, "webex", lambda: s(ALNUM, 64) + "_" + s(UALNUM, 4) + "_" + u(), ["WEBEX_ACCESS_TOKEN", "WEBEX_BOT_TOKEN"])
    add(f, "zoom", lambda: s(ALNUM, 32), ["ZOOM_CLIENT_SECRET"])

    f = "crm-support"
    add(f, "hubspot-legacy", u, ["HUBSPOT_API_KEY", "HAPIKEY"])
    add(f, "zendesk", lambda: s(ALNUM, 40), ["ZENDESK_API_TOKEN"])
    add(f, "intercom", lambda: b64(("tok:" + u() + ":" + s(HEX, 8) + "-" + s(HEX, 12)).encode()).rstrip("="), ["INTERCOM_ACCESS_TOKEN"])
    add(f, "freshdesk", lambda: s(ALNUM, 20), ["FRESHDESK_API_KEY"])
    add(f, "helpscout", lambda: s(ALNUM, 32), ["HELPSCOUT_APP_SECRET"])
    add(f, "salesforce-access", lambda: "00D" + s(ALNUM, 12) + "!" + s(ALNUM, 32) + "." + s(URLSAFE, 63), ["SALESFORCE_ACCESS_TOKEN", "SF_ACCESS_TOKEN"])
    add(f, "salesforce-refresh", lambda: "5Aep861" + s(ALNUM + "._", 80), ["SALESFORCE_REFRESH_TOKEN"])
    add(f, "salesforce-consumer", lambda: s(UHEX, 64), ["SALESFORCE_CONSUMER_SECRET", "SF_CLIENT_SECRET"])
    add(f, "pipedrive", lambda: s(HEX, 40), ["PIPEDRIVE_API_TOKEN"])
    add(f, "close", lambda: "api_" + s(ALNUM, 22) + "." + s(ALNUM, 22), ["CLOSE_API_KEY"])
    add(f, "zoho", lambda: "1000." + s(HEX, 32) + "." + s(HEX, 32), ["ZOHO_REFRESH_TOKEN", "ZOHO_ACCESS_TOKEN"])
    add(f, "clearbit", lambda: "sk_" + s(HEX, 32), ["CLEARBIT_API_KEY", "CLEARBIT_KEY"])
    add(f, "hunter", lambda: s(HEX, 40), ["HUNTER_API_KEY"])
    add(f, "docusign", u, ["DOCUSIGN_SECRET_KEY", "DOCUSIGN_CLIENT_SECRET"])
    add(f, "dropbox-sign", lambda: s(HEX, 64), ["HELLOSIGN_API_KEY", "DROPBOX_SIGN_API_KEY"])
    add(f, "pandadoc", lambda: s(HEX, 40), ["PANDADOC_API_KEY"])
    add(f, "cal-com", lambda: "cal_live_" + s(HEX, 32), ["CAL_API_KEY", "CALCOM_API_KEY"])

    f = "payments-more"
    add(f, "paystack-live", lambda: "sk_live_" + s(HEX, 40), ["PAYSTACK_SECRET_KEY"])
    add(f, "paystack-test", lambda: "sk_test_" + s(HEX, 40), ["PAYSTACK_SECRET_KEY"])
    add(f, "mollie-live", lambda: "live_" + s(ALNUM, 30), ["MOLLIE_API_KEY"])
    add(f, "mollie-test", lambda: "test_" + s(ALNUM, 30), ["MOLLIE_API_KEY"])
    add(f, "mollie-access", lambda: "access_" + s(ALNUM, 40), ["MOLLIE_ACCESS_TOKEN"])
    add(f, "gocardless-live", lambda: "live_" + s(URLSAFE, 40), ["GOCARDLESS_ACCESS_TOKEN"])
    add(f, "gocardless-sandbox", lambda: "sandbox_" + s(URLSAFE, 40), ["GOCARDLESS_ACCESS_TOKEN"])
    add(f, "checkout-com-sandbox", lambda: "sk_sbox_" + s(B32L, 26), ["CHECKOUT_SECRET_KEY", "CKO_SECRET_KEY"])
    add(f, "checkout-com", lambda: "sk_" + s(B32L, 26), ["CHECKOUT_SECRET_KEY", "CKO_SECRET_KEY"])
    add(f, "adyen", lambda: "AQE" + s(URLSAFE, 60) + "=-" + s(B64, 43) + "=-" + s(URLSAFE, 14), ["ADYEN_API_KEY"])
    add(f, "adyen-hmac", lambda: s(UHEX, 64), ["ADYEN_HMAC_KEY"])
    add(f, "paddle-live", lambda: "pdl_live_apikey_" + s(ULID, 26).lower() + "_" + s(ALNUM, 22) + "_" + s(ALNUM, 3), ["PADDLE_API_KEY"])
    add(f, "paddle-sandbox", lambda: "pdl_sdbx_apikey_" + s(ULID, 26).lower() + "_" + s(ALNUM, 22) + "_" + s(ALNUM, 3), ["PADDLE_API_KEY"])
    add(f, "paypal", lambda: "E" + s(URLSAFE, 79), ["PAYPAL_CLIENT_SECRET"])
    add(f, "braintree", lambda: s(HEX, 32), ["BRAINTREE_PRIVATE_KEY"])
    add(f, "coinbase-commerce", u, ["COINBASE_COMMERCE_API_KEY"])
    add(f, "plaid", lambda: s(HEX, 30), ["PLAID_SECRET"])
    add(f, "wise", u, ["WISE_API_TOKEN", "TRANSFERWISE_API_TOKEN"])
    add(f, "authorize-net", lambda: s(ALNUM, 16), ["AUTHORIZE_NET_TRANSACTION_KEY", "AUTHNET_TRANSACTION_KEY"])
    add(f, "mercadopago", lambda: "APP_USR-" + g.digits(16) + "-" + g.digits(6) + "-" + s(HEX, 32) + "-" + g.digits(9), ["MERCADOPAGO_ACCESS_TOKEN", "MP_ACCESS_TOKEN"])
    add(f, "mercadopago-test", lambda: "TEST-" + g.digits(16) + "-" + g.digits(6) + "-" + s(HEX, 32) + "-" + g.digits(9), ["MERCADOPAGO_ACCESS_TOKEN"])
    add(f, "xendit", lambda: "xnd_production_" + s(ALNUM, 60), ["XENDIT_SECRET_KEY"])
    add(f, "xendit-dev", lambda: "xnd_development_" + s(ALNUM, 60), ["XENDIT_SECRET_KEY"])
    add(f, "midtrans", lambda: "Mid-server-" + s(URLSAFE, 24), ["MIDTRANS_SERVER_KEY"])
    add(f, "midtrans-sandbox", lambda: "SB-Mid-server-" + s(URLSAFE, 24), ["MIDTRANS_SERVER_KEY"])
    add(f, "sumup", lambda: "sup_sk_" + s(ALNUM, 32), ["SUMUP_API_KEY"])
    add(f, "omise", lambda: "skey_" + g.r.choice(["", "test_"]) + "5" + s(LALNUM, 18), ["OMISE_SECRET_KEY"])
    add(f, "chargebee", lambda: "live_" + s(ALNUM, 32), ["CHARGEBEE_API_KEY"])
    add(f, "recurly", lambda: s(HEX, 32), ["RECURLY_API_KEY"])
    add(f, "mercury", lambda: "secret-token:mercury_production_" + s(LALNUM, 5) + "_" + s(ALNUM, 40) + "_yrucrem", ["MERCURY_API_TOKEN"])

    f = "commerce-shipping"
    add(f, "woocommerce", lambda: "cs_" + s(HEX, 40), ["WOOCOMMERCE_CONSUMER_SECRET", "WC_CONSUMER_SECRET"])
    add(f, "bigcommerce", lambda: s(LALNUM, 31), ["BIGCOMMERCE_ACCESS_TOKEN"])
    add(f, "amazon-lwa-refresh", lambda: "Atzr|" + s(URLSAFE, 300), ["LWA_REFRESH_TOKEN", "SP_API_REFRESH_TOKEN"])
    add(f, "amazon-lwa-secret", lambda: "amzn1.oa2-cs.v1." + s(HEX, 64), ["LWA_CLIENT_SECRET"])
    add(f, "wix", lambda: "IST." + g.jwt({"data": json.dumps({"tenant": {"id": u()}, "id": u()}), "iat": 1_716_000_000}), ["WIX_API_KEY"])
    add(f, "easypost-prod", lambda: "EZAK" + s(ALNUM, 54), ["EASYPOST_API_KEY"])
    add(f, "easypost-test", lambda: "EZTK" + s(ALNUM, 54), ["EASYPOST_API_KEY"])
    add(f, "shipengine", lambda: s(URLSAFE, 43), ["SHIPENGINE_API_KEY"])
    add(f, "lob", lambda: g.r.choice(["live_", "test_"]) + s(HEX, 35), ["LOB_API_KEY"])
    add(f, "duffel-live", lambda: "duffel_live_" + s(URLSAFE, 43), ["DUFFEL_ACCESS_TOKEN"])
    add(f, "duffel-test", lambda: "duffel_test_" + s(URLSAFE, 43), ["DUFFEL_ACCESS_TOKEN"])
    add(f, "amadeus", lambda: s(ALNUM, 16), ["AMADEUS_CLIENT_SECRET", "AMADEUS_API_SECRET"])
    add(f, "ebay", lambda: "PRD-" + s(HEX, 12) + "-" + s(HEX, 8) + "-" + s(HEX, 4) + "-" + s(HEX, 4) + "-" + s(HEX, 4), ["EBAY_CLIENT_SECRET", "EBAY_CERT_ID"])
    add(f, "shopify-partner", lambda: "prtapi_" + s(HEX, 32), ["SHOPIFY_PARTNER_API_TOKEN"])

    f = "cms"
    add(f, "contentful", lambda: s(URLSAFE, 43), ["CONTENTFUL_DELIVERY_TOKEN", "CONTENTFUL_ACCESS_TOKEN"])
    add(f, "sanity", lambda: "sk" + s(ALNUM, 180), ["SANITY_API_TOKEN", "SANITY_API_WRITE_TOKEN"])
    add(f, "storyblok", lambda: s(ALNUM, 22) + "tt", ["STORYBLOK_ACCESS_TOKEN", "STORYBLOK_TOKEN"])
    add(f, "prismic", lambda: "MC5" + s(URLSAFE, 40) + "." + s(URLSAFE, 54), ["PRISMIC_ACCESS_TOKEN"])
    add(f, "datocms", lambda: s(HEX, 30), ["DATOCMS_API_TOKEN", "DATO_API_TOKEN"])
    add(f, "strapi", lambda: s(HEX, 256), ["STRAPI_API_TOKEN"])
    add(f, "webflow", lambda: s(HEX, 64), ["WEBFLOW_API_TOKEN", "WEBFLOW_TOKEN"])
    add(f, "ghost-admin", lambda: s(HEX, 24) + ":" + s(HEX, 64), ["GHOST_ADMIN_API_KEY"])
    add(f, "wordpress-app-password", lambda: " ".join(s(ALNUM, 4) for _ in range(6)), ["WP_APPLICATION_PASSWORD", "WORDPRESS_APP_PASSWORD"])
    add(f, "contentstack", lambda: "cs" + s(HEX, 32), ["CONTENTSTACK_MANAGEMENT_TOKEN"])

    f = "collaboration"
    add(f, "figma-pat", lambda: "figd_" + s(URLSAFE, 40), ["FIGMA_TOKEN", "FIGMA_ACCESS_TOKEN"])
    add(f, "figma-legacy", lambda: g.digits(6) + "-" + u(), ["FIGMA_TOKEN"])
    add(f, "airtable-legacy", lambda: "key" + s(ALNUM, 14), ["AIRTABLE_API_KEY"])
    add(f, "trello", lambda: s(HEX, 64), ["TRELLO_TOKEN"])
    add(f, "clickup", lambda: "pk_" + g.digits(8) + "_" + s(UALNUM, 32), ["CLICKUP_API_TOKEN", "CLICKUP_TOKEN"])
    add(f, "coda", u, ["CODA_API_TOKEN"])
    add(f, "todoist", lambda: s(HEX, 40), ["TODOIST_API_TOKEN"])
    add(f, "typeform", lambda: "tfp_" + s(URLSAFE, 44) + "_" + s(URLSAFE, 14), ["TYPEFORM_TOKEN", "TYPEFORM_API_TOKEN"])
    add(f, "jotform", lambda: s(HEX, 32), ["JOTFORM_API_KEY"])
    add(f, "smartsheet", lambda: s(ALNUM, 37), ["SMARTSHEET_ACCESS_TOKEN"])
    add(f, "miro", lambda: b64url(b'{"miro.origin":"eu01"}') + "_" + s(URLSAFE, 27), ["MIRO_ACCESS_TOKEN", "MIRO_TOKEN"])
    add(f, "dropbox-long-lived", lambda: s(ALNUM, 11) + "AAAAAAAAA" + s(URLSAFE, 44), ["DROPBOX_ACCESS_TOKEN"])
    add(f, "box", lambda: s(ALNUM, 32), ["BOX_DEVELOPER_TOKEN"])
    add(f, "toggl", lambda: s(HEX, 32), ["TOGGL_API_TOKEN"])
    add(f, "intuit", lambda: s(ALNUM, 40), ["QUICKBOOKS_CLIENT_SECRET", "INTUIT_CLIENT_SECRET"])
    add(f, "xero", lambda: s(URLSAFE, 48), ["XERO_CLIENT_SECRET"])
    add(f, "make-webhook", lambda: "https://hook." + g.r.choice(["eu1", "eu2", "us1"]) + ".make.com/" + s(LALNUM, 32), ["MAKE_WEBHOOK_URL"])
    add(f, "ifttt", lambda: s(URLSAFE, 22), ["IFTTT_WEBHOOK_KEY", "IFTTT_KEY"])
    add(f, "freemius", lambda: "sk_" + s(URLSAFE, 29), ["FS__API_SECRET_KEY", "FREEMIUS_SECRET_KEY"])
    add(f, "frameio", lambda: "fio-u-" + s(URLSAFE, 64), ["FRAMEIO_TOKEN", "FRAMEIO_DEVELOPER_TOKEN"])
    add(f, "adobe", lambda: "p8e-" + s(URLSAFE, 32), ["ADOBE_CLIENT_SECRET"])
    add(f, "dropbox-app-secret", lambda: s(LALNUM, 15), ["DROPBOX_APP_SECRET"])

    f = "social-media-more"
    add(f, "pinterest", lambda: "pina_" + s(UALNUM, 96), ["PINTEREST_ACCESS_TOKEN"])
    add(f, "instagram", lambda: "IGQV" + s(URLSAFE, 160), ["INSTAGRAM_ACCESS_TOKEN"])
    add(f, "reddit", lambda: s(URLSAFE, 30), ["REDDIT_CLIENT_SECRET"])
    add(f, "linkedin", lambda: "WPL_AP1." + s(ALNUM, 16) + "." + s(B64, 22) + "==", ["LINKEDIN_CLIENT_SECRET"])
    add(f, "spotify", lambda: s(HEX, 32), ["SPOTIFY_CLIENT_SECRET"])
    add(f, "tiktok", lambda: s(ALNUM, 32), ["TIKTOK_CLIENT_SECRET"])
    add(f, "mastodon", lambda: s(URLSAFE, 43), ["MASTODON_ACCESS_TOKEN"])
    add(f, "bluesky", lambda: "-".join(s(LALNUM, 4) for _ in range(4)), ["BLUESKY_APP_PASSWORD", "BSKY_APP_PASSWORD"])
    add(f, "vimeo", lambda: s(HEX, 32), ["VIMEO_ACCESS_TOKEN"])
    add(f, "imgur", lambda: s(HEX, 40), ["IMGUR_CLIENT_SECRET"])
    add(f, "lastfm", lambda: s(HEX, 32), ["LASTFM_API_SECRET", "LASTFM_SECRET"])
    add(f, "flickr", lambda: s(HEX, 16), ["FLICKR_API_SECRET", "FLICKR_SECRET"])
    add(f, "tumblr", lambda: s(ALNUM, 50), ["TUMBLR_CONSUMER_SECRET"])
    add(f, "yelp", lambda: s(URLSAFE, 128), ["YELP_API_KEY"])
    add(f, "unsplash", lambda: s(URLSAFE, 43), ["UNSPLASH_SECRET_KEY"])
    add(f, "giphy", lambda: s(ALNUM, 32), ["GIPHY_API_KEY"])

    f = "location"
    add(f, "here", lambda: s(URLSAFE, 43), ["HERE_API_KEY"])
    add(f, "tomtom", lambda: s(ALNUM, 32), ["TOMTOM_API_KEY"])
    add(f, "geoapify", lambda: s(HEX, 32), ["GEOAPIFY_API_KEY", "GEOAPIFY_KEY"])
    add(f, "opencage", lambda: s(HEX, 32), ["OPENCAGE_API_KEY"])
    add(f, "foursquare", lambda: "fsq3" + s(B64, 44), ["FOURSQUARE_API_KEY", "FSQ_API_KEY"])
    add(f, "radar-live", lambda: "prj_live_sk_" + s(HEX, 40), ["RADAR_SECRET_KEY"])
    add(f, "radar-test", lambda: "prj_test_sk_" + s(HEX, 40), ["RADAR_SECRET_KEY"])
    add(f, "locationiq", lambda: "pk." + s(HEX, 32), ["LOCATIONIQ_ACCESS_TOKEN", "LOCATIONIQ_KEY"])

    f = "analytics-product"
    add(f, "mixpanel", lambda: s(HEX, 32), ["MIXPANEL_API_SECRET", "MIXPANEL_SECRET"])
    add(f, "amplitude", lambda: s(HEX, 32), ["AMPLITUDE_SECRET_KEY"])

    f = "saas-jwt-tokens"
    add(f, "lemonsqueezy", lambda: g.jwt_std("https://api.lemonsqueezy.com", aud="94d59cef-dbb8-4ea5-b178-d2540fcd6919"), ["LEMONSQUEEZY_API_KEY"])
    add(f, "calendly", lambda: g.jwt_std("https://auth.calendly.com", scope="default"), ["CALENDLY_API_TOKEN", "CALENDLY_TOKEN"])
    add(f, "monday", lambda: g.jwt({"tid": g.r.randint(10**8, 10**9), "aai": 11, "uid": g.r.randint(10**7, 10**8), "iad": "2024-05-01T10:00:00.000Z", "per": "me:write", "actid": 9876543, "rgn": "euc1"}), ["MONDAY_API_TOKEN", "MONDAY_TOKEN"])
    add(f, "n8n", lambda: g.jwt({"sub": u(), "iss": "n8n", "aud": "public-api", "iat": 1_716_000_000}), ["N8N_API_KEY"])
    add(f, "front", lambda: g.jwt_std("front", scopes=["shared:*"], jti=s(HEX, 16)), ["FRONT_API_TOKEN"])
    add(f, "hygraph", lambda: g.jwt({"version": 3, "iat": 1_716_000_000, "aud": ["https://api-eu-west-2.hygraph.com/v2/" + s(LALNUM, 25) + "/master"], "iss": "https://management.hygraph.com/", "sub": u()}, "RS256"), ["HYGRAPH_TOKEN", "HYGRAPH_PERMANENTAUTH_TOKEN"])
    return P


# -----------------------------------------------------------------------------------------------
# Files
# -----------------------------------------------------------------------------------------------

class File:
    def __init__(self, c, path):
        self.c, self.path, self.lines = c, path, []

    def add(self, text=""):
        self.lines.extend(text.split("\n"))
        return self

    def pos(self, text, secret, kind, category="provider", note=None):
        idx = text.find(secret.split("\n")[0])
        if idx < 0:
            raise AssertionError("%s: %r not in %r" % (self.path, secret, text))
        line = len(self.lines) + 1 + text[:idx].count("\n")
        lab = {"path": self.path, "line": line, "end_line": line + secret.count("\n"), "secret": secret,
               "kind": kind, "category": category, "required": True}
        if note:
            lab["note"] = note
        self.c.positives.append(lab)
        return self.add(text)

    def neg(self, text, reason, value=None, allow=None):
        line = len(self.lines) + 1 + (text[:text.find(value)].count("\n") if value else 0)
        self.c.negatives.append({"path": self.path, "line": line, "reason": reason, "value": value, "allow": allow})
        return self.add(text)

    def text(self):
        return "\n".join(self.lines) + "\n"


class Corpus:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.g = G(self.r)
        self.files, self.positives, self.negatives = {}, [], []

    def file(self, path):
        i = 2
        base = path
        while path in self.files:
            head, tail = os.path.split(base)
            dot = tail.find(".", 1)
            path = os.path.join(head, (tail[:dot] + str(i) + tail[dot:]) if dot > 0 else tail + str(i))
            i += 1
        f = File(self, path)
        self.files[path] = f
        return f


def words(name):
    return [w for w in name.lower().split("_") if w]


def camel(name):
    w = words(name)
    return w[0] + "".join(x.capitalize() for x in w[1:])


def pascal(name):
    return "".join(x.capitalize() for x in words(name))


def client_class(pid):
    return "".join(x.capitalize() for x in pid.split("-")[:1]) + "Client"


# Context renderers: one assignment of NAME = value in a given file type. Each returns the line(s).
def r_env(n, v, r):
    return "%s=%s" % (n, v) if " " not in v and r.random() < 0.6 else '%s="%s"' % (n, v)


def r_ts(n, v, r):
    return "  %s: %s," % (camel(n), ("'%s'" if r.random() < 0.5 else '"%s"') % v)


def r_yaml(n, v, r):
    return "      %s: %s" % (n, v if r.random() < 0.5 and " " not in v and "|" not in v else '"%s"' % v)


def r_py(n, v, r):
    return '%s = "%s"' % (n, v) if r.random() < 0.5 else 'os.environ.setdefault("%s", "%s")' % (n, v)


def r_go(n, v, r):
    return '\t%s = "%s"' % (camel(n), v)


def r_props(n, v, r):
    return "%s=%s" % (".".join(words(n)), v)


def r_tf(n, v, r):
    return '  %s = "%s"' % ("_".join(words(n)), v)


def r_java(n, v, r):
    return '    private static final String %s = "%s";' % (n, v)


CONTEXTS = ["env", "ts", "compose", "k8s", "gha", "py", "go", "props", "tf", "java", "sdk", "shell", "json"]
# Contexts without a secret-sounding variable name: the value is a positional SDK argument, an HTTP
# header in a script, or pasted in notes next to the provider's name. Real leaks look like this.
BARE = ["positional", "header", "notes"]


def emit_group(c, ctx, proj, items, idx):
    """items: list of (family, pid, names, value). Writes one realistic file of type ctx."""
    r = c.r
    feat = r.choice(["billing", "search", "notify", "media", "ml", "crm", "ops", "sync", "auth", "geo"])
    if ctx == "env":
        f = c.file("%s/%s" % (proj, r.choice([".env", ".env.production", ".env.local", "config/.env.staging", "deploy/prod.env"])))
        f.add("# %s service configuration\nNODE_ENV=production\nPORT=%d\nLOG_LEVEL=info\n" % (feat, r.randint(3000, 9000)))
        for fam, pid, n, v in items:
            f.pos(r_env(n, v, r), v, fam + "/" + pid)
        f.add("\nFEATURE_FLAGS=beta-search,new-checkout\nSENTRY_ENVIRONMENT=production")
    elif ctx == "ts":
        f = c.file("%s/src/config/%s.ts" % (proj, feat))
        f.add("// Runtime configuration for the %s module.\nimport { z } from 'zod';\n\nexport const %sConfig = {" % (feat, feat))
        f.add("  region: 'eu-west-1',\n  timeoutMs: 15000,")
        for fam, pid, n, v in items:
            f.pos(r_ts(n, v, r), v, fam + "/" + pid)
        f.add("} as const;\n\nexport type %sConfig = typeof %sConfig;" % (pascal(feat), feat))
    elif ctx == "sdk":
        f = c.file("%s/src/lib/%s-clients.js" % (proj, feat))
        f.add("'use strict';\n\n// Third-party SDK clients used by the %s worker.\n" % feat)
        for fam, pid, n, v in items:
            cls = client_class(pid)
            var = camel(pid.replace("-", "_"))
            key = r.choice(["apiKey", "token", "secret", "accessToken"])
            f.pos("const %s = new %s({\n  %s: '%s',\n  timeout: 10000,\n});\n" % (var, cls, key, v) if r.random() < 0.5
                  else "const %s = new %s({ %s: \"%s\" }); // %s\n" % (var, cls, key, v, n), v, fam + "/" + pid)
        f.add("module.exports = { ready: true };")
    elif ctx == "compose":
        f = c.file("%s/docker-compose%s.yml" % (proj, r.choice(["", ".prod", ".override"])))
        f.add("services:\n  %s:\n    image: ghcr.io/acme/%s:%d.%d.%d\n    restart: unless-stopped\n    ports:\n      - \"8080:8080\"\n    environment:" % (feat, feat, r.randint(1, 4), r.randint(0, 20), r.randint(0, 9)))
        f.add("      TZ: Europe/Paris")
        for fam, pid, n, v in items:
            f.pos(r_yaml(n, v, r), v, fam + "/" + pid)
        f.add("    depends_on:\n      - redis\n  redis:\n    image: redis:7-alpine")
    elif ctx == "k8s":
        f = c.file("%s/deploy/k8s/%s-secret.yaml" % (proj, feat))
        f.add("apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s-credentials\n  namespace: production\n  labels:\n    app.kubernetes.io/name: %s\ntype: Opaque\nstringData:" % (feat, feat))
        for fam, pid, n, v in items:
            f.pos('  %s: "%s"' % (n, v), v, fam + "/" + pid)
    elif ctx == "gha":
        f = c.file("%s/.github/workflows/%s.yml" % (proj, r.choice(["deploy", "ci", "release", "nightly"])))
        f.add("name: deploy-%s\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:" % feat)
        for fam, pid, n, v in items:
            f.pos("      %s: %s" % (n, v if " " not in v else '"%s"' % v), v, fam + "/" + pid)
        f.add("    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm run deploy")
    elif ctx == "py":
        f = c.file("%s/app/%s/settings.py" % (proj, feat))
        f.add('"""Settings for the %s app."""\nimport os\n\nDEBUG = False\nALLOWED_HOSTS = ["api.example.org"]\n' % feat)
        for fam, pid, n, v in items:
            f.pos(r_py(n, v, r), v, fam + "/" + pid)
    elif ctx == "go":
        f = c.file("%s/internal/%s/config.go" % (proj, feat))
        f.add("package %s\n\n// Credentials used by the %s integration.\nconst (" % (feat, feat))
        for fam, pid, n, v in items:
            f.pos(r_go(n, v, r), v, fam + "/" + pid)
        f.add(")\n\nfunc Timeout() int { return 30 }")
    elif ctx == "props":
        f = c.file("%s/src/main/resources/application%s.properties" % (proj, r.choice(["", "-prod"])))
        f.add("spring.application.name=%s\nserver.port=8080\nmanagement.endpoints.web.exposure.include=health" % feat)
        for fam, pid, n, v in items:
            f.pos(r_props(n, v, r), v, fam + "/" + pid)
    elif ctx == "tf":
        f = c.file("%s/infra/%s.tf" % (proj, feat))
        f.add('terraform {\n  required_version = ">= 1.5"\n}\n\nlocals {\n  environment = "production"')
        for fam, pid, n, v in items:
            f.pos(r_tf(n, v, r), v, fam + "/" + pid)
        f.add("}")
    elif ctx == "java":
        f = c.file("%s/src/main/java/com/acme/%s/Credentials.java" % (proj, feat))
        f.add("package com.acme.%s;\n\npublic final class Credentials {" % feat)
        for fam, pid, n, v in items:
            f.pos(r_java(n, v, r), v, fam + "/" + pid)
        f.add("    private Credentials() {}\n}")
    elif ctx == "shell":
        f = c.file("%s/scripts/%s.sh" % (proj, r.choice(["deploy", "bootstrap", "release", "sync"])))
        f.add("#!/usr/bin/env bash\nset -euo pipefail\n")
        for fam, pid, n, v in items:
            f.pos("export %s=%s" % (n, "'%s'" % v if r.random() < 0.6 else '"%s"' % v), v, fam + "/" + pid)
        f.add('\necho "deploying $(git rev-parse --short HEAD)"')
    elif ctx == "positional":
        f = c.file("%s/app/%s/clients.py" % (proj, feat))
        f.add("\"\"\"Clients for the %s worker.\"\"\"\n" % feat)
        for fam, pid, n, v in items:
            mod = pid.split("-")[0]
            f.add("import %s" % mod)
        f.add("")
        for fam, pid, n, v in items:
            mod = pid.split("-")[0]
            f.pos("%s_client = %s.%s(\"%s\")" % (mod, mod, client_class(pid), v), v, fam + "/" + pid)
    elif ctx == "header":
        f = c.file("%s/scripts/check-%s.sh" % (proj, feat))
        f.add("#!/usr/bin/env bash\n# Quick manual checks against the vendors' APIs.\nset -euo pipefail\n")
        for fam, pid, n, v in items:
            host = "api.%s.com" % pid.split("-")[0]
            if r.random() < 0.5:
                f.pos("curl -sS https://%s/v1/status \\\n  -H \"Authorization: Bearer %s\"\n" % (host, v), v, fam + "/" + pid)
            else:
                f.pos("curl -sS -H 'X-Api-Key: %s' https://%s/v1/ping\n" % (v, host), v, fam + "/" + pid)
    elif ctx == "notes":
        f = c.file("%s/docs/notes/%s-integrations.md" % (proj, feat))
        f.add("# %s integrations\n\nNotes from the migration, to clean up later.\n" % feat.capitalize())
        for fam, pid, n, v in items:
            label = pid.replace("-", " ").title()
            if r.random() < 0.5:
                f.pos("- %s key for prod: `%s`" % (label, v), v, fam + "/" + pid)
            else:
                f.pos("%s (staging, rotate after the demo):\n\n    %s\n" % (label, v), v, fam + "/" + pid)
    elif ctx == "json":
        f = c.file("%s/config/%s.json" % (proj, r.choice(["secrets", "production", "appsettings"])))
        f.add('{\n  "service": "%s",\n  "region": "eu-west-1",' % feat)
        for fam, pid, n, v in items:
            f.pos('  "%s": "%s",' % (camel(n), v.replace("\\", "\\\\")), v, fam + "/" + pid)
        f.add('  "retries": 3\n}')


# -----------------------------------------------------------------------------------------------
# Credential files and command lines (where passwords hide)
# -----------------------------------------------------------------------------------------------

def cred_files(c, proj):
    g, r = c.g, c.r
    P = lambda: g.password()
    K = "credential-files/"
    # .pgpass
    f = c.file(proj + "/home/deploy/.pgpass")
    for host in ["db.internal", "replica-1.db.internal", "*"]:
        pw = P()
        f.pos("%s:5432:%s:%s:%s" % (host, r.choice(["app", "analytics", "*"]), r.choice(["app_user", "readonly", "postgres"]), pw), pw, K + "pgpass")
    # .my.cnf
    f = c.file(proj + "/home/deploy/.my.cnf")
    pw = P()
    f.add("[client]\nuser=backup\nhost=mysql.internal")
    f.pos("password=%s" % pw, pw, K + "mysql-my-cnf")
    f.add("\n[mysqldump]\nquick\nmax_allowed_packet=64M")
    # wp-config.php
    f = c.file(proj + "/wordpress/wp-config.php")
    pw = P()
    f.add("<?php\n/** The name of the database for WordPress */\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', 'wp_user' );")
    f.pos("define( 'DB_PASSWORD', '%s' );" % pw, pw, K + "wordpress-db-password")
    f.add("define( 'DB_HOST', 'localhost' );\ndefine( 'DB_CHARSET', 'utf8mb4' );\n")
    for salt in ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_SALT"]:
        v = g.s(ALNUM + "!#%^*-_.+=@[]{}()<>|~;:,", 64)
        v = v.replace("'", "")
        f.pos("define( '%s', %s'%s' );" % (salt, " " * (17 - len(salt)), v), v, K + "wordpress-auth-salt")
    f.add("\n$table_prefix = 'wp_';\nrequire_once ABSPATH . 'wp-settings.php';")
    # FileZilla sitemanager.xml
    f = c.file(proj + "/home/deploy/.config/filezilla/sitemanager.xml")
    f.add('<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>\n<FileZilla3 version="3.66.4" platform="*nix">\n  <Servers>')
    for host in ["ftp.example-shop.fr", "sftp.acme-hosting.net"]:
        pw = b64(P().encode())
        f.add("    <Server>\n      <Host>%s</Host>\n      <Port>%d</Port>\n      <Protocol>%d</Protocol>\n      <Type>0</Type>\n      <User>deploy</User>" % (host, r.choice([21, 22]), r.choice([0, 1])))
        f.pos('      <Pass encoding="base64">%s</Pass>' % pw, pw, K + "filezilla")
        f.add("      <Logontype>1</Logontype>\n      <Name>%s</Name>\n    </Server>" % host.split(".")[1])
    f.add("  </Servers>\n</FileZilla3>")
    # rclone.conf
    f = c.file(proj + "/home/deploy/.config/rclone/rclone.conf")
    sk = g.s(ALNUM + "/+", 40)
    f.add("[s3-backup]\ntype = s3\nprovider = Wasabi\nregion = eu-central-1")
    f.pos("secret_access_key = %s" % sk, sk, K + "rclone")
    obs = b64url(bytes(r.getrandbits(8) for _ in range(24)))
    f.add("\n[sftp-nas]\ntype = sftp\nhost = nas.home.lan\nuser = backup")
    f.pos("pass = %s" % obs, obs, K + "rclone")
    # .pypirc (private index)
    f = c.file(proj + "/home/deploy/.pypirc")
    pw = P()
    f.add("[distutils]\nindex-servers =\n    internal\n\n[internal]\nrepository = https://pypi.internal.acme.dev/simple/\nusername = ci-publisher")
    f.pos("password = %s" % pw, pw, K + "pypirc")
    # Maven settings.xml
    f = c.file(proj + "/home/deploy/.m2/settings.xml")
    f.add('<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">\n  <servers>')
    for sid in ["nexus-releases", "nexus-snapshots"]:
        pw = P()
        f.add("    <server>\n      <id>%s</id>\n      <username>deployer</username>" % sid)
        f.pos("      <password>%s</password>" % pw, pw, K + "maven-settings")
        f.add("    </server>")
    f.neg("    <server>\n      <id>central</id>\n      <username>${env.MAVEN_USER}</username>\n      <password>${env.MAVEN_PASSWORD}</password>\n    </server>", "maven env reference")
    f.add("  </servers>\n</settings>")
    # Android key.properties
    f = c.file(proj + "/mobile/android/key.properties")
    a, b = P(), P()
    f.pos("storePassword=%s" % a, a, K + "android-signing")
    f.pos("keyPassword=%s" % b, b, K + "android-signing")
    f.add("keyAlias=upload\nstoreFile=/Users/dev/upload-keystore.jks")
    # .git-credentials
    f = c.file(proj + "/home/deploy/.git-credentials")
    # git credential-store writes the password percent-encoded: a raw `@`, `#` or `%` would end
    # the userinfo or start an escape, so the file never holds one.
    tok = urllib.parse.quote(g.password(20), safe="")
    f.pos("https://deploy-bot:%s@git.acme-internal.com" % tok, tok, K + "git-credentials")
    # redis.conf
    f = c.file(proj + "/deploy/redis/redis.conf")
    pw = g.s(ALNUM, 32)
    f.add("bind 0.0.0.0\nport 6379\nprotected-mode yes\nmaxmemory 512mb\nmaxmemory-policy allkeys-lru")
    f.pos("requirepass %s" % pw, pw, K + "redis-conf")
    f.add("appendonly yes")
    # .s3cfg
    f = c.file(proj + "/home/deploy/.s3cfg")
    sk = g.s(ALNUM + "/+", 40)
    f.add("[default]\naccess_key = AKIA%s\nhost_base = s3.amazonaws.com" % "EXAMPLE")
    f.pos("secret_key = %s" % sk, sk, K + "s3cmd")
    # .boto
    f = c.file(proj + "/home/deploy/.boto")
    sk = g.s(ALNUM + "/+", 40)
    f.add("[Credentials]")
    f.pos("gs_secret_access_key = %s" % sk, sk, K + "boto")
    f.add("\n[Boto]\nhttps_validate_certificates = True")
    # Ansible inventory vars
    f = c.file(proj + "/ansible/group_vars/webservers.yml")
    a, b = P(), P()
    f.add("---\nansible_user: deploy\nansible_port: 22")
    f.pos("ansible_password: %s" % a, a, K + "ansible")
    f.pos("ansible_become_pass: '%s'" % b, b, K + "ansible")
    f.neg("ansible_ssh_pass: \"{{ vault_ssh_pass }}\"", "ansible vault reference")
    # terraform.tfvars
    f = c.file(proj + "/infra/terraform.tfvars")
    pw = P()
    f.add('region        = "eu-west-3"\ninstance_type = "t3.medium"')
    f.pos('db_password   = "%s"' % pw, pw, K + "terraform-tfvars")
    f.neg('db_username   = "app"', "non-secret tfvar")
    # xcconfig
    f = c.file(proj + "/mobile/ios/Config/Release.xcconfig")
    v = g.s(ALNUM, 40)
    f.add("PRODUCT_BUNDLE_IDENTIFIER = com.acme.app\nMARKETING_VERSION = 2.4.1")
    f.pos("API_SECRET = %s" % v, v, K + "xcconfig")
    # htpasswd (bcrypt)
    f = c.file(proj + "/deploy/nginx/.htpasswd")
    h = "$2y$10$" + g.s(ALNUM + "./", 53)
    f.pos("admin:%s" % h, h, K + "htpasswd")
    # sftp-config.json (Sublime SFTP)
    f = c.file(proj + "/sftp-config.json")
    pw = P()
    f.add('{\n    "type": "sftp",\n    "save_before_upload": true,\n    "upload_on_save": false,\n    "host": "www.example-shop.fr",\n    "user": "deploy",')
    f.pos('    "password": "%s",' % pw, pw, K + "sftp-config")
    f.add('    "port": "22",\n    "remote_path": "/var/www/html/"\n}')


def command_lines(c, proj):
    g, r = c.g, c.r
    K = "command-lines/"
    f = c.file(proj + "/scripts/backup-db.sh")
    f.add("#!/bin/sh\nset -e\nDATE=$(date +%F)")
    pw = g.password()
    f.pos("mysqldump -u backup -p'%s' --single-transaction shop > /backups/shop-$DATE.sql" % pw, pw, K + "mysql-p")
    pw = g.password()
    f.pos("PGPASSWORD=%s pg_dump -h db.internal -U app app > /backups/app-$DATE.sql" % pw, pw, K + "pgpassword")
    pw = g.password()
    f.pos("PGPASSWORD='%s' psql -h db.internal -U admin -c 'VACUUM ANALYZE'" % pw, pw, K + "pgpassword")
    f.neg('PGPASSWORD="$DB_PASSWORD" psql -h db.internal -U admin -c "select 1"', "env reference on command line")
    f = c.file(proj + "/scripts/smoke-test.sh")
    f.add("#!/usr/bin/env bash\nset -euo pipefail\nBASE=https://api.example.org")
    pw = g.password()
    f.pos('curl -fsS -u admin:%s "$BASE/health"' % pw, pw, K + "curl-u")
    tok = g.s(ALNUM, 40)
    f.pos("curl -H 'Authorization: Bearer %s' \"$BASE/v1/me\"" % tok, tok, K + "curl-bearer")
    f.neg('curl -H "Authorization: Bearer ${API_TOKEN}" "$BASE/v1/me"', "env reference bearer")
    pw = g.password()
    f.pos("mysql -h 127.0.0.1 -u root -p%s -e 'SHOW DATABASES'" % pw, pw, K + "mysql-p")
    f = c.file(proj + "/Makefile")
    pw = g.password()
    f.add(".PHONY: login push\n\nlogin:")
    f.pos("\techo '%s' | docker login registry.acme.dev -u ci --password-stdin" % pw, pw, K + "docker-login")
    f.add("\npush:\n\tdocker push registry.acme.dev/app:latest\n")
    pw = g.password()
    f.add("redis-flush:")
    f.pos("\tredis-cli -h cache.internal -a %s FLUSHALL" % pw, pw, K + "redis-cli-a")
    f = c.file(proj + "/deploy/compose.cache.yml")
    pw = g.s(ALNUM, 28)
    f.add("services:\n  cache:\n    image: redis:7\n")
    f.pos('    command: ["redis-server", "--requirepass", "%s"]' % pw, pw, K + "requirepass")
    f.add("    ports:\n      - \"6379:6379\"")
    f = c.file(proj + "/Dockerfile")
    tok = g.s(ALNUM, 36)
    f.add("FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./")
    f.pos("RUN npm config set registry https://npm.acme.dev/ && npm install --token=%s" % tok, tok, K + "token-flag")
    f.add("COPY . .\nCMD [\"node\", \"server.js\"]")
    f = c.file(proj + "/.gitlab-ci.yml")
    pw = g.password()
    f.add("deploy:\n  stage: deploy\n  script:")
    f.pos("    - sshpass -p '%s' ssh deploy@10.0.3.17 'systemctl restart app'" % pw, pw, K + "sshpass")
    pw = g.password()
    f.pos("    - ./bin/cli login --username ci --password %s" % pw, pw, K + "password-flag")
    f.neg("    - docker login -u $CI_REGISTRY_USER -p $CI_REGISTRY_PASSWORD $CI_REGISTRY", "CI variable reference")


# -----------------------------------------------------------------------------------------------
# Hard negatives
# -----------------------------------------------------------------------------------------------

def negatives(c, proj, provs):
    g, r = c.g, c.r
    # Placeholders and references for provider env names.
    f = c.file(proj + "/.env.example")
    f.add("# Copy to .env and fill in the values.")
    for fam, pid, fn, names in r.sample(provs, 40):
        n = names[0]
        ph = r.choice(["your_%s_here" % pid.replace("-", "_"), "<%s>" % n.lower(), "changeme", "xxxxxxxxxxxxxxxxxxxxxxxx",
                       "${%s}" % n, "REPLACE_ME", "", "TODO"])
        f.neg("%s=%s" % (n, ph), "placeholder")
    f = c.file(proj + "/src/config/env.ts")
    f.add("export const env = {")
    for fam, pid, fn, names in r.sample(provs, 30):
        n = names[0]
        f.neg("  %s: process.env.%s ?? ''," % (camel(n), n), "env reference")
    f.add("};")
    f = c.file(proj + "/deploy/helm/values.yaml")
    f.add("env:")
    for fam, pid, fn, names in r.sample(provs, 20):
        n = names[0]
        f.neg("  %s: {{ .Values.secrets.%s | quote }}" % (n, camel(n)), "helm template reference")
    f.neg("envFrom:\n  - secretRef:\n      name: app-secrets", "secretRef")
    # Same shapes without provider context.
    f = c.file(proj + "/build/manifest.json")
    f.add('{\n  "name": "@acme/web",')
    for i in range(12):
        shape = r.choice([lambda: g.s(HEX, 32), lambda: g.s(HEX, 40), lambda: g.uuid(), lambda: g.s(HEX, 64)])()
        key = r.choice(["buildId", "commit", "contentHash", "requestId", "traceId", "checksum", "etag", "sha256", "correlationId", "assetHash"])
        f.neg('  "%s_%d": "%s",' % (key, i, shape), "same shape, no provider context", shape)
    f.add('  "version": "3.2.1"\n}')
    f = c.file(proj + "/docs/ids.md")
    f.add("# Resource identifiers\n\n| resource | id |\n|---|---|")
    for i in range(10):
        v = r.choice([g.uuid, lambda: g.s(HEX, 24), lambda: g.s(ALNUM, 22)])()
        f.neg("| %s | `%s` |" % (r.choice(["workspace", "project", "dataset", "pipeline", "board", "form"]), v), "documented resource id", v)
    # Public ids that sit next to secrets in real config.
    f = c.file(proj + "/web/.env.production")
    pub = [
        ("NEXT_PUBLIC_POSTHOG_KEY", "phc_" + g.s(ALNUM, 43)),
        ("LANGFUSE_PUBLIC_KEY", "pk-lf-" + g.uuid()),
        ("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY", "pk_live_" + b64(("clerk." + g.s(LOWER, 8) + ".com$").encode())),
        ("PAYSTACK_PUBLIC_KEY", "pk_live_" + g.s(HEX, 40)),
        ("NEXT_PUBLIC_RADAR_KEY", "prj_live_pk_" + g.s(HEX, 40)),
        ("NEXT_PUBLIC_ALGOLIA_APP_ID", g.s(UALNUM, 10)),
        ("NEXT_PUBLIC_MIXPANEL_TOKEN", g.s(HEX, 32)),
        ("NEXT_PUBLIC_AMPLITUDE_API_KEY", g.s(HEX, 32)),
        ("GOOGLE_CLIENT_ID", g.digits(12) + "-" + g.s(LALNUM, 32) + ".apps.googleusercontent.com"),
        ("AUTH0_CLIENT_ID", g.s(ALNUM, 32)),
        ("PLAID_CLIENT_ID", g.s(HEX, 24)),
        ("MODAL_TOKEN_ID", "ak-" + g.s(ALNUM, 22)),
        ("NEXT_PUBLIC_CHECKOUT_PUBLIC_KEY", "pk_sbox_" + g.s(B32L, 26)),
        ("NEXT_PUBLIC_MOLLIE_PROFILE_ID", "pfl_" + g.s(ALNUM, 10)),
        ("DUO_INTEGRATION_KEY", "DI" + g.s(UALNUM, 18)),
        ("PUSHER_APP_KEY", g.s(HEX, 20)),
        ("NEXT_PUBLIC_PUBNUB_PUBLISH_KEY", "pub-c-" + g.uuid()),
        ("ALGOLIA_SEARCH_ONLY_KEY", g.s(HEX, 32)),
        ("NEXT_PUBLIC_STREAM_API_KEY", g.s(LALNUM, 12)),
        ("SENTRY_DSN", "https://%s@o%s.ingest.sentry.io/%s" % (g.s(HEX, 32), g.digits(6), g.digits(7))),
    ]
    for n, v in pub:
        f.neg("%s=%s" % (n, v), "public id / publishable key", v, allow="low")
    # Password-context negatives.
    f = c.file(proj + "/home/deploy/.pgpass.example")
    f.neg("db.internal:5432:app:app_user:<password>", "pgpass placeholder")
    f.neg("*:*:*:postgres:${PGPASSWORD}", "pgpass env reference")
    f = c.file(proj + "/wordpress/wp-config-sample.php")
    f.add("<?php")
    f.neg("define( 'DB_PASSWORD', 'password_here' );", "wp sample placeholder")
    f.neg("define( 'AUTH_KEY',         'put your unique phrase here' );", "wp sample placeholder")
    f.neg("define( 'DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD') );", "env reference")
    f = c.file(proj + "/docs/runbook.md")
    f.add("# Runbook\n\nConnect with:\n\n```sh")
    f.neg("mysql -u root -p -h db.internal", "interactive -p prompt")
    f.neg("PGPASSWORD=$(cat /run/secrets/pg) psql -h db.internal", "secret file reference")
    f.neg("curl -u \"$USER:$TOKEN\" https://api.example.org/health", "env reference")
    f.neg("redis-cli -a \"$REDIS_PASSWORD\" ping", "env reference")
    f.add("```")


def build(seed):
    c = Corpus(seed)
    r = c.r
    provs = providers(c.g)
    projects = ["acme-platform", "shopfront", "data-hub", "mobile-app"]
    # Each provider: 4 instances, in 3 named-assignment contexts and 1 bare context, spread over the projects.
    queue = []
    for fam, pid, fn, names in provs:
        ctxs = r.sample(CONTEXTS, 3) + [r.choice(BARE)]
        for ctx in ctxs:
            queue.append((ctx, fam, pid, fn, names))
    r.shuffle(queue)
    by_ctx = defaultdict(list)
    for ctx, fam, pid, fn, names in queue:
        by_ctx[ctx].append((fam, pid, r.choice(names), fn()))
    idx = 0
    for ctx in CONTEXTS + BARE:
        items = by_ctx[ctx]
        while items:
            n = r.randint(3, 7)
            group, items = items[:n], items[n:]
            # one value per env name per file
            seen, keep, rest = set(), [], []
            for it in group:
                (rest if it[2] in seen else keep).append(it)
                seen.add(it[2])
            items = rest + items
            emit_group(c, ctx, r.choice(projects), keep, idx)
            idx += 1
    for proj in projects[:2]:
        cred_files(c, proj)
        command_lines(c, proj)
    for proj in projects:
        negatives(c, proj, provs)
    return c, provs


# The corpus writer and its label self-check are generate.py's: one format, one check.
from generate import write  # noqa: E402  (the script's own directory is on sys.path)


def by_family(result_paths):
    """Per-family table from one or more evaluate.py --json outputs (kinds are "<family>/<provider>"),
    side by side (e.g. before / after)."""
    results = [json.load(open(p, encoding="utf-8")) for p in result_paths]
    fams = defaultdict(lambda: [[0, 0] for _ in results])
    fps = [defaultdict(int) for _ in results]
    for i, res in enumerate(results):
        for k, v in res["per_kind"].items():
            kind = k.split(":", 1)[1]
            name = kind.split("/")[0] if "/" in kind else kind
            fams[name][i][0] += v["planted"]
            fams[name][i][1] += v["found"]
        for f in res["false_positives"]:
            fps[i][f["rule_id"]] += 1
    head = "%-22s %7s" % ("family", "planted") + "".join("  %6s %7s" % ("found", "recall") for _ in results)
    print(head)
    for name in sorted(fams):
        row = "%-22s %7d" % (name, fams[name][0][0])
        for planted, found in fams[name]:
            row += "  %6d %7.3f" % (found, found / planted if planted else 1.0)
        print(row)
    for p, res, fp in zip(result_paths, results, fps):
        o = res["overall"]
        print("%s: precision %.3f recall %.3f (TP %d, FP %d: %s)" % (
            os.path.basename(p), o["precision"], o["recall"], o["tp_findings"], o["fp_findings"],
            ", ".join("%s %d" % kv for kv in sorted(fp.items()))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="output directory (OUT/files is replaced)")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--by-family", metavar="RESULT_JSON", nargs="+",
                    help="print a per-family table from evaluate.py --json outputs (several: side by side)")
    args = ap.parse_args()
    if args.by_family:
        by_family(args.by_family)
        return 0
    if not args.out:
        ap.error("--out is required")
    generate(args.out, args.seed)
    return 0


def table_main(table, seed, doc):
    """The command line of a generator that only swaps the provider table (generate_breadth4.py)."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory (OUT/files is replaced)")
    ap.add_argument("--seed", type=int, default=seed)
    args = ap.parse_args()
    global providers
    providers = table  # build() reads the table through the module
    generate(args.out, args.seed)
    return 0


def generate(out, seed):
    """Writes the corpus of `providers` (generate_breadth2.py swaps the table) to OUT."""
    os.makedirs(out, exist_ok=True)
    c, provs = build(seed)
    labels = write(c, out)
    kinds = {l["kind"] for l in labels["positives"]}
    print("wrote %d files to %s: %d positives in %d kinds (%d providers), %d labelled negatives"
          % (len(labels["files"]), os.path.join(out, "files"), len(labels["positives"]), len(kinds),
             len({p[1] for p in provs}), len(labels["negatives"])))


if __name__ == "__main__":
    sys.exit(main())
