#!/usr/bin/env python3
"""Generate a fourth accuracy corpus: the issue-12 long tail of batch 3 and the credential files.

    python3 bench/accuracy/generate_breadth3.py --out /tmp/kl-breadth3 [--seed 56]

Same contexts, negatives and label format as generate_breadth.py (whose writer and project layout it
reuses), with another provider table and another default seed: the formats gaps.md still listed
(Socket, Ory, Metabase, Wompi, Builder.io, Ceph …), payments by region and money movement, identity,
MDM and zero-trust, search and scraping, analytics, maps, CI and registries, CMS, storage. Shapes come
from each provider's documentation (prefix, length, alphabet, the env var names its SDK or docs use),
built at run time from prefix + alphabet + length: this file holds no literal credential.

It also writes the credential files where any password is the leak, however weak (`hunter2`): .netrc
and _netrc (multi-line), .dockercfg, .ftpconfig, IntelliJ dataSources.xml / webServers.xml, Jenkins
credentials.xml, mRemoteNG confCons.xml, PuTTY / WinSCP .reg exports, .remmina, .tugboat, and their
placeholder twins (`changeme`, `${VAR}`, `<password>`, empty) as labelled negatives.
`evaluate.py DIR --json R.json` then `generate_breadth.py --by-family R.json …` prints the per-family
table.
"""

import argparse
import base64
import sys

import generate_breadth as gb
from generate_breadth import ALNUM, B64, HEX, LALNUM, UALNUM, UHEX, URLSAFE

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def providers(g):
    s, u = g.s, g.uuid
    P = []

    def add(fam, pid, fn, names):
        P.append((fam, pid, fn, names))

    f = "gaps"
    add(f, "socket", lambda: "sktsec_" + s(URLSAFE, 44) + "_api", ["SOCKET_SECURITY_API_TOKEN"])
    add(f, "ory", lambda: "ory_pat_" + s(ALNUM, 32), ["ORY_API_KEY"])
    add(f, "metabase", lambda: "mb_" + s(B64, 43) + "=", ["METABASE_API_KEY"])
    add(f, "wompi", lambda: "prv_prod_" + s(ALNUM, 32), ["WOMPI_PRIVATE_KEY"])
    add(f, "branch", lambda: "secret_live_" + s(ALNUM, 32), ["BRANCH_SECRET", "BRANCH_KEY_SECRET"])
    add(f, "builder", lambda: "bpk-" + s(HEX, 32), ["BUILDER_PRIVATE_KEY"])
    add(f, "nomic", lambda: "nk-" + s(URLSAFE, 43), ["NOMIC_API_KEY"])
    add(f, "promptlayer", lambda: "pl_" + s(HEX, 32), ["PROMPTLAYER_API_KEY"])
    add(f, "turbopuffer", lambda: "tpuf_" + s(ALNUM, 32), ["TURBOPUFFER_API_KEY"])
    add(f, "honeybadger", lambda: g.r.choice(["hbu_", "hba_"]) + s(ALNUM, 32), ["HONEYBADGER_API_TOKEN"])
    add(f, "astra", lambda: "AstraCS:" + "".join(s(UPPER + UPPER.lower(), 8) for _ in range(3)) + ":" + s(HEX, 64), ["ASTRA_DB_APPLICATION_TOKEN"])
    add(f, "doppler-said", lambda: "dp.said." + s(ALNUM, 43), ["DOPPLER_TOKEN"])
    add(f, "phrase", lambda: s(HEX, 64), ["PHRASE_ACCESS_TOKEN"])
    add(f, "coolify", lambda: str(g.r.randint(1, 99)) + "|" + s(ALNUM, 40), ["COOLIFY_API_TOKEN"])
    add(f, "fusionauth", lambda: s(URLSAFE, 64), ["FUSIONAUTH_API_KEY"])
    add(f, "descope", lambda: "K" + s(ALNUM, 60), ["DESCOPE_MANAGEMENT_KEY"])
    add(f, "ceph", lambda: "AQ" + g.r.choice("ABCD") + s(ALNUM + "+/", 35) + "==", ["CEPH_SECRET"])

    f = "payments-regional"
    add(f, "circle", lambda: "LIVE_API_KEY:" + s(HEX, 32) + ":" + s(HEX, 32), ["CIRCLE_API_KEY"])
    add(f, "cashfree", lambda: "cfsk_ma_prod_" + s(HEX, 32) + "_" + s(HEX, 8), ["CASHFREE_SECRET_KEY"])
    add(f, "klarna", lambda: "klarna_live_api_" + s(URLSAFE, 60), ["KLARNA_API_KEY"])
    add(f, "polar", lambda: "polar_oat_" + s(ALNUM, 43), ["POLAR_ACCESS_TOKEN"])
    add(f, "brex", lambda: "bxt_" + s(ALNUM, 33), ["BREX_API_TOKEN"])
    add(f, "payu", lambda: s(ALNUM, 32), ["PAYU_MERCHANT_SALT"])
    add(f, "phonepe", u, ["PHONEPE_SALT_KEY"])
    add(f, "paymongo", lambda: "sk_live_" + s(ALNUM, 24), ["PAYMONGO_SECRET_KEY"])
    add(f, "rapyd", lambda: s(HEX, 100), ["RAPYD_SECRET_KEY"])
    add(f, "alpaca", lambda: s(ALNUM, 40), ["APCA_API_SECRET_KEY"])
    add(f, "oanda", lambda: s(HEX, 32) + "-" + s(HEX, 32), ["OANDA_API_TOKEN"])
    add(f, "modern-treasury", lambda: "live-" + s(ALNUM, 48), ["MODERN_TREASURY_API_KEY"])
    add(f, "bybit", lambda: s(ALNUM, 36), ["BYBIT_API_SECRET"])
    add(f, "okx", lambda: s(UHEX, 32), ["OKX_SECRET_KEY"])

    f = "identity-mdm"
    add(f, "zitadel", lambda: s(URLSAFE, 70), ["ZITADEL_PAT"])
    add(f, "cognito", lambda: s(LALNUM, 51), ["COGNITO_CLIENT_SECRET"])
    add(f, "authentik", lambda: s(ALNUM, 96), ["AUTHENTIK_TOKEN"])
    add(f, "kandji", u, ["KANDJI_API_TOKEN"])
    add(f, "jamf", lambda: s(URLSAFE, 64), ["JAMF_CLIENT_SECRET"])
    add(f, "simplemdm", lambda: s(ALNUM, 64), ["SIMPLEMDM_API_KEY"])
    add(f, "twingate", lambda: s(URLSAFE, 80), ["TWINGATE_API_TOKEN"])
    add(f, "keeper-ksm", lambda: "US:" + s(URLSAFE, 43), ["KSM_TOKEN"])

    f = "search-analytics"
    add(f, "coveo", lambda: "xx" + u(), ["COVEO_API_KEY"])
    add(f, "app-search", lambda: "private-" + s(LALNUM, 24), ["APP_SEARCH_PRIVATE_KEY"])
    add(f, "serper", lambda: s(HEX, 40), ["SERPER_API_KEY"])
    add(f, "zenrows", lambda: s(HEX, 40), ["ZENROWS_API_KEY"])
    add(f, "matomo", lambda: s(HEX, 32), ["MATOMO_TOKEN_AUTH"])
    add(f, "segment-public", lambda: "sgp_" + s(ALNUM, 64), ["SEGMENT_PUBLIC_API_TOKEN"])
    add(f, "posthog-secure", lambda: "phs_" + s(ALNUM, 43), ["POSTHOG_FEATURE_FLAGS_SECURE_API_KEY"])
    add(f, "devcycle", lambda: "dvc_server_" + u() + "_" + s(LALNUM, 7), ["DEVCYCLE_SERVER_SDK_KEY"])
    add(f, "plausible", lambda: s(URLSAFE, 64), ["PLAUSIBLE_API_KEY"])
    add(f, "azure-maps", lambda: s(URLSAFE, 43), ["AZURE_MAPS_SUBSCRIPTION_KEY"])
    add(f, "maps-signing", lambda: s(URLSAFE, 27) + "=", ["GOOGLE_MAPS_SIGNING_SECRET"])

    f = "devtools-batch3"
    add(f, "plane", lambda: "plane_api_" + s(HEX, 32), ["PLANE_API_KEY"])
    add(f, "logfire", lambda: "pylf_v1_eu_" + s(ALNUM, 44), ["LOGFIRE_TOKEN"])
    add(f, "chromatic", lambda: "chpt_" + s(HEX, 15), ["CHROMATIC_PROJECT_TOKEN"])
    add(f, "tigris", lambda: "tsec_" + s(URLSAFE, 50), ["TIGRIS_STORAGE_SECRET_ACCESS_KEY"])
    add(f, "shortcut", u, ["SHORTCUT_API_TOKEN"])
    add(f, "codefresh", lambda: s(HEX, 24) + "." + s(HEX, 32), ["CODEFRESH_API_KEY"])
    add(f, "buf", lambda: s(HEX, 64), ["BUF_TOKEN"])
    add(f, "signalfx", lambda: s(URLSAFE, 22), ["SFX_ACCESS_TOKEN"])
    add(f, "directus", lambda: s(URLSAFE, 32), ["DIRECTUS_STATIC_TOKEN"])
    add(f, "vtex", lambda: s(UPPER, 100), ["VTEX_APP_TOKEN"])
    add(f, "commercetools", lambda: s(URLSAFE, 32), ["CTP_CLIENT_SECRET"])
    add(f, "ses-smtp", lambda: "B" + s(ALNUM + "+/", 43), ["SES_SMTP_PASSWORD"])
    add(f, "naver-cloud", lambda: s(ALNUM, 40), ["NCLOUD_SECRET_KEY"])
    add(f, "wistia", lambda: s(HEX, 64), ["WISTIA_API_TOKEN"])
    return P


WEAK = ["hunter2", "admin123", "Summer2024", "letmein!", "qwerty78", "P@ssw0rd1"]


def b64(text):
    return base64.b64encode(text.encode()).decode()


def cred_files_batch3(c, proj):
    """The credential files of issue 12 item 2 not in generate_breadth.py: whole realistic files."""
    g, r = c.g, c.r
    K = "credential-files/"
    weak = lambda: r.choice(WEAK)  # noqa: E731
    f = c.file(proj + "/home/ops/.netrc")
    pw = weak()
    f.add("machine api.heroku.com\n  login ops@acme-internal.com")
    f.pos("  password %s" % pw, pw, K + "netrc")
    pw = g.password()
    f.pos("machine git.acme-internal.com login deploy password %s" % pw, pw, K + "netrc")
    f.neg("machine ftp.acme-internal.com login anonymous password ${FTP_PASSWORD}", "netrc env reference")
    f = c.file(proj + "/home/ops/_netrc")
    pw = weak()
    f.add("machine files.acme-internal.com\nlogin backup")
    f.pos("password %s" % pw, pw, K + "netrc")
    f = c.file(proj + "/home/ops/.dockercfg")
    a = b64("ci:" + weak())
    f.pos('{"registry.acme-internal.com": {"auth": "%s", "email": "ci@acme-internal.com"}}' % a, a, K + "dockercfg")
    f = c.file(proj + "/site/.ftpconfig")
    pw = weak()
    f.add('{\n    "protocol": "ftp",\n    "host": "ftp.example-shop.fr",\n    "port": 21,\n    "user": "webmaster",')
    f.pos('    "pass": "%s",' % pw, pw, K + "ftpconfig")
    f.add('    "promptForPass": false,\n    "remote": "/public_html"\n}')
    f = c.file(proj + "/.idea/dataSources.xml")
    pw = weak()
    f.add('<?xml version="1.0" encoding="UTF-8"?>\n<project version="4">\n  <component name="DataSourceManagerImpl" format="xml" multifile-model="true">\n'
          '    <data-source source="LOCAL" name="prod@db.internal" uuid="%s">\n      <driver-ref>postgresql</driver-ref>\n'
          '      <jdbc-url>jdbc:postgresql://db.internal:5432/app</jdbc-url>\n      <user-name>app</user-name>' % g.uuid())
    f.pos("      <password>%s</password>" % pw, pw, K + "intellij")
    f.add("    </data-source>\n  </component>\n</project>")
    f = c.file(proj + "/.idea/webServers.xml")
    pw = weak()
    f.add('<?xml version="1.0" encoding="UTF-8"?>\n<project version="4">\n  <component name="WebServers">\n    <option name="servers">\n'
          '      <webServer id="%s" name="prod" url="http://www.example-shop.fr">\n'
          '        <fileTransfer host="ftp.example-shop.fr" port="21" rootFolder="/var/www" accessType="FTP">\n'
          '          <option name="username" value="deploy" />' % g.s(HEX, 8))
    f.pos('          <option name="password" value="%s" />' % pw, pw, K + "intellij")
    f.add("        </fileTransfer>\n      </webServer>\n    </option>\n  </component>\n</project>")
    f = c.file(proj + "/jenkins_home/credentials.xml")
    enc = "{AQAAABAAAAAQ" + g.s(ALNUM + "+/", 44) + "=}"
    f.add("<?xml version='1.1' encoding='UTF-8'?>\n<com.cloudbees.plugins.credentials.SystemCredentialsProvider plugin=\"credentials@1337\">\n"
          "  <domainCredentialsMap class=\"hudson.util.CopyOnWriteMap$Hash\">\n    <entry>\n      <java.util.concurrent.CopyOnWriteArrayList>\n"
          "        <com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n          <scope>GLOBAL</scope>\n"
          "          <id>deploy-creds</id>\n          <username>deploy</username>")
    f.pos("          <password>%s</password>" % enc, enc, K + "jenkins")
    f.add("        </com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n      </java.util.concurrent.CopyOnWriteArrayList>\n"
          "    </entry>\n  </domainCredentialsMap>\n</com.cloudbees.plugins.credentials.SystemCredentialsProvider>")
    f = c.file(proj + "/tools/mRemoteNG/confCons.xml")
    enc = g.s(ALNUM + "+/", 64) + "=="
    f.add('<?xml version="1.0" encoding="utf-8"?>\n<mrng:Connections xmlns:mrng="http://mremoteng.org" Name="Connections" Export="false" EncryptionEngine="AES" BlockCipherMode="GCM" KdfIterations="1000" ConfVersion="2.6">')
    f.pos('    <Node Name="web01" Type="Connection" Username="deploy" Domain="" Password="%s" Hostname="web01.acme-internal.com" Protocol="SSH2" Port="22" />' % enc, enc, K + "mremoteng")
    f.add("</mrng:Connections>")
    f = c.file(proj + "/tools/putty-sessions.reg")
    pw = weak()
    f.add("Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\prod]\n"
          '"HostName"="deploy@web01.acme-internal.com"\n"ProxyUsername"="proxyuser"')
    f.pos('"ProxyPassword"="%s"' % pw, pw, K + "reg-export")
    f.add('"PortNumber"=dword:00000016')
    f.neg('"ProxyPassword"=""', "empty proxy password")
    f = c.file(proj + "/home/ops/.local/share/remmina/group_rdp_prod.remmina")
    enc = g.s(ALNUM + "+/", 22) + "=="
    f.add("[remmina]\nname=prod\nprotocol=RDP\nserver=10.0.0.5\nusername=administrator")
    f.pos("password=%s" % enc, enc, K + "remmina")
    f.add("domain=CORP")
    f = c.file(proj + "/home/ops/.tugboat")
    tok = g.s(HEX, 64)
    f.add("---\nauthentication:")
    f.pos("  access_token: %s" % tok, tok, K + "tugboat")
    f.add("ssh:\n  ssh_user: root")
    # Placeholders in the same files are not leaks.
    f = c.file(proj + "/docs/examples/.netrc")
    f.neg("machine api.example.com\n  login you@example.com\n  password changeme", "netrc placeholder", "changeme")
    f = c.file(proj + "/docs/examples/.ftpconfig")
    f.neg('{ "protocol": "ftp", "host": "ftp.example.com", "user": "you", "pass": "<password>" }', "ftpconfig placeholder", "<password>")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory (OUT/files is replaced)")
    ap.add_argument("--seed", type=int, default=56)
    args = ap.parse_args()
    gb.providers = providers  # build() reads the table through the module
    original = gb.cred_files

    def cred_files(c, proj):
        original(c, proj)
        cred_files_batch3(c, proj)

    gb.cred_files = cred_files
    gb.generate(args.out, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
