#!/usr/bin/env python3
"""Generate a fifth accuracy corpus: the formats of rule batch 4 (issue 12).

    python3 bench/accuracy/generate_breadth4.py --out /tmp/kl-breadth4 [--seed 4004]

Same contexts, negatives and label format as generate_breadth.py (whose writer and project layout it
reuses: .env, TS/JS config and SDK clients, docker-compose and k8s YAML, GitHub workflows, Python,
Go, Java, properties, Terraform, JSON, shell, and the bare contexts: positional SDK arguments, curl
headers, notes), with the provider table of batch 4 and another default seed: public data APIs
(weather, finance, food, media, news, geocoding, e-mail validation, the apilayer family),
threat-intelligence APIs, developer platforms (coverage and CI tokens, cluster tokens, CAPTCHA
server secrets, Yandex, Pinecone legacy keys), blockchain data and RPC endpoint URLs, and business
SaaS (link shorteners, shipping, HR, e-mail marketing, voice, media). Shapes come from each
provider's documentation (prefix, length, alphabet, the env var names its SDK or docs use), built at
run time from prefix + alphabet + length: this file holds no literal credential.

`evaluate.py DIR --json R.json` then `generate_breadth.py --by-family R.json …` prints the per-family
table.
"""

import sys

import generate_breadth as gb
from generate_breadth import ALNUM, HEX, LALNUM, UALNUM, UHEX, URLSAFE

B64STD = ALNUM + "+/"


def providers(g):
    """Rows (family, provider, value generator, env var names), one block per batch-4 rule file."""
    s, u = g.s, g.uuid
    rows = []
    add = lambda *row: rows.append(row)  # noqa: E731 (one row per call, as in the other tables)

    f = "data-apis"
    add(f, "weatherbit", lambda: s(HEX, 32), ["WEATHERBIT_API_KEY"])
    add(f, "weatherapi", lambda: s(HEX, 31), ["WEATHERAPI_KEY"])
    add(f, "tomorrowio", lambda: s(ALNUM, 32), ["TOMORROW_IO_API_KEY", "TOMORROW_API_KEY"])
    add(f, "visualcrossing", lambda: s(UALNUM, 25), ["VISUAL_CROSSING_API_KEY"])
    add(f, "accuweather", lambda: s(ALNUM, 32), ["ACCUWEATHER_API_KEY"])
    add(f, "openexchangerates", lambda: s(HEX, 32), ["OPEN_EXCHANGE_RATES_APP_ID", "OXR_APP_ID"])
    add(f, "exchangerate-api", lambda: s(HEX, 24), ["EXCHANGERATE_API_KEY"])
    for pid in ["fixer", "currencylayer", "weatherstack", "marketstack", "mediastack", "positionstack", "aviationstack",
                "numverify", "serpstack", "scrapestack"]:
        add(f, pid, lambda: s(HEX, 32), [pid.upper() + "_API_KEY", pid.upper() + "_ACCESS_KEY"])
    add(f, "nasa", lambda: s(ALNUM, 40), ["NASA_API_KEY"])
    add(f, "twelvedata", lambda: s(HEX, 32), ["TWELVE_DATA_API_KEY", "TWELVEDATA_API_KEY"])
    add(f, "fmp", lambda: s(ALNUM, 32), ["FMP_API_KEY", "FINANCIAL_MODELING_PREP_API_KEY"])
    add(f, "tiingo", lambda: s(HEX, 40), ["TIINGO_API_KEY"])
    add(f, "quandl", lambda: s(URLSAFE, 20), ["NASDAQ_DATA_LINK_API_KEY", "QUANDL_API_KEY"])
    add(f, "iexcloud", lambda: "sk_" + s(HEX, 32), ["IEX_CLOUD_API_TOKEN", "IEX_TOKEN"])
    add(f, "spoonacular", lambda: s(HEX, 32), ["SPOONACULAR_API_KEY"])
    add(f, "edamam", lambda: s(HEX, 32), ["EDAMAM_APP_KEY"])
    add(f, "nutritionix", lambda: s(HEX, 32), ["NUTRITIONIX_APP_KEY"])
    add(f, "rawg", lambda: s(HEX, 32), ["RAWG_API_KEY"])
    add(f, "gnews", lambda: s(HEX, 32), ["GNEWS_API_KEY"])
    add(f, "guardian", u, ["GUARDIAN_API_KEY"])
    add(f, "nytimes", lambda: s(ALNUM, 32), ["NYT_API_KEY", "NYTIMES_API_KEY"])
    add(f, "musixmatch", lambda: s(HEX, 32), ["MUSIXMATCH_API_KEY"])
    add(f, "discogs", lambda: s(ALNUM, 40), ["DISCOGS_TOKEN"])
    add(f, "geocodio", lambda: s(HEX, 39), ["GEOCODIO_API_KEY"])
    add(f, "smarty", lambda: s(ALNUM, 20), ["SMARTY_AUTH_TOKEN"])
    add(f, "walkscore", lambda: s(HEX, 32), ["WALKSCORE_API_KEY"])
    add(f, "zerobounce", lambda: s(HEX, 32), ["ZEROBOUNCE_API_KEY"])
    add(f, "kickbox", lambda: g.r.choice(["live_", "test_"]) + s(HEX, 64), ["KICKBOX_API_KEY"])
    add(f, "neverbounce", lambda: g.r.choice(["private_", "secret_"]) + s(HEX, 32), ["NEVERBOUNCE_API_KEY"])
    add(f, "abstractapi", lambda: s(HEX, 32), ["ABSTRACT_API_KEY"])
    add(f, "rapidapi", lambda: s(ALNUM, 50), ["RAPIDAPI_KEY", "X_RAPIDAPI_KEY"])

    f = "security-intel"
    add(f, "abuseipdb", lambda: s(HEX, 80), ["ABUSEIPDB_API_KEY"])
    add(f, "urlscan", u, ["URLSCAN_API_KEY"])
    add(f, "censys", lambda: s(ALNUM, 32), ["CENSYS_API_SECRET"])
    add(f, "securitytrails", lambda: s(ALNUM, 32), ["SECURITYTRAILS_API_KEY"])
    add(f, "hibp", lambda: s(HEX, 32), ["HIBP_API_KEY"])
    add(f, "alienvault-otx", lambda: s(HEX, 64), ["OTX_API_KEY"])
    add(f, "ipqualityscore", lambda: s(ALNUM, 32), ["IPQS_API_KEY", "IPQUALITYSCORE_API_KEY"])
    add(f, "ipgeolocation", lambda: s(HEX, 32), ["IPGEOLOCATION_API_KEY"])
    add(f, "maxmind", lambda: s(ALNUM, 6) + "_" + s(ALNUM + "_", 29) + "_mmk", ["MAXMIND_LICENSE_KEY", "GEOIPUPDATE_LICENSE_KEY"])
    add(f, "maxmind-legacy", lambda: s(ALNUM, 16), ["MAXMIND_LICENSE_KEY"])

    f = "devtools"
    add(f, "infracost", lambda: "ico-" + s(ALNUM, 32), ["INFRACOST_API_KEY"])
    add(f, "openshift", lambda: "sha256~" + s(URLSAFE, 43), ["OPENSHIFT_TOKEN", "OC_TOKEN"])
    add(f, "codeclimate", lambda: s(HEX, 64), ["CC_TEST_REPORTER_ID"])
    add(f, "fossa", lambda: s(HEX, 32), ["FOSSA_API_KEY"])
    add(f, "coder", lambda: s(ALNUM, 10) + "-" + s(ALNUM, 22), ["CODER_SESSION_TOKEN"])
    add(f, "sidekiq", lambda: s(HEX, 8) + ":" + s(HEX, 8), ["BUNDLE_ENTERPRISE__CONTRIBSYS__COM", "BUNDLE_GEMS__CONTRIBSYS__COM"])
    add(f, "growthbook", lambda: "secret_" + g.r.choice(["admin_", "readonly_", ""]) + s(ALNUM, 43), ["GROWTHBOOK_SECRET_KEY"])
    add(f, "testingbot", lambda: s(HEX, 32), ["TESTINGBOT_SECRET"])
    add(f, "gitter", lambda: s(HEX, 40), ["GITTER_TOKEN"])
    add(f, "knapsack", lambda: s(HEX, 32), ["KNAPSACK_PRO_TEST_SUITE_TOKEN"])
    add(f, "yandex-oauth", lambda: "y0_" + s(URLSAFE, g.r.randint(56, 76)), ["YANDEX_OAUTH_TOKEN", "YC_TOKEN"])
    add(f, "yandex-iam", lambda: "t1." + s(URLSAFE, g.r.randint(90, 200)) + "." + s(URLSAFE, 86), ["YC_IAM_TOKEN"])
    add(f, "pinecone-legacy", u, ["PINECONE_API_KEY"])
    add(f, "recaptcha", lambda: "6L" + s(URLSAFE, 38), ["RECAPTCHA_SECRET_KEY", "RECAPTCHA_SECRET"])
    add(f, "hcaptcha", lambda: "0x" + s(HEX, 40), ["HCAPTCHA_SECRET_KEY", "HCAPTCHA_SECRET"])
    add(f, "turnstile", lambda: "0x4AAAAAAA" + s(URLSAFE, 25), ["TURNSTILE_SECRET_KEY"])

    f = "web3"
    for n in ["BSCSCAN", "POLYGONSCAN", "ARBISCAN", "BASESCAN", "SNOWTRACE"]:
        add(f, n.lower(), lambda: s(UALNUM, 34), [n + "_API_KEY"])
    add(f, "quicknode-url", lambda: "https://%s-%s-%s.quiknode.pro/%s/" % (
        g.r.choice(["frosty", "misty", "bold"]), g.r.choice(["wispy", "dark", "long"]), g.r.choice(["lake", "pond", "sky"]), s(HEX, 40)),
        ["QUICKNODE_RPC_URL", "ETH_RPC_URL"])
    add(f, "ankr-url", lambda: "https://rpc.ankr.com/%s/%s" % (g.r.choice(["eth", "polygon", "bsc", "arbitrum"]), s(HEX, 64)), ["ANKR_RPC_URL", "RPC_URL"])
    add(f, "chainstack-url", lambda: "https://nd-%03d-%03d-%03d.p2pify.com/%s" % (
        g.r.randint(100, 999), g.r.randint(0, 999), g.r.randint(0, 999), s(HEX, 32)), ["CHAINSTACK_RPC_URL", "RPC_URL"])
    add(f, "getblock-url", lambda: "https://go.getblock.io/" + s(HEX, 32), ["GETBLOCK_RPC_URL", "RPC_URL"])
    add(f, "thegraph-url", lambda: "https://gateway.thegraph.com/api/%s/subgraphs/id/%s" % (s(HEX, 32), s(ALNUM, 44)), ["SUBGRAPH_URL"])
    add(f, "opensea", lambda: s(HEX, 32), ["OPENSEA_API_KEY"])
    add(f, "tenderly", lambda: s(ALNUM, 32), ["TENDERLY_ACCESS_KEY"])
    add(f, "coinapi", lambda: u().upper(), ["COINAPI_KEY"])
    add(f, "cryptocompare", lambda: s(HEX, 64), ["CRYPTOCOMPARE_API_KEY"])
    add(f, "blockcypher", lambda: s(HEX, 32), ["BLOCKCYPHER_TOKEN"])
    add(f, "covalent", lambda: "cqt_" + s(ALNUM, 26), ["COVALENT_API_KEY", "GOLDRUSH_API_KEY"])
    add(f, "nowpayments", lambda: "-".join(s(UALNUM, 7) for _ in range(4)), ["NOWPAYMENTS_API_KEY"])

    f = "business"
    add(f, "bitly", lambda: s(HEX, 40), ["BITLY_ACCESS_TOKEN"])
    add(f, "rebrandly", lambda: s(HEX, 32), ["REBRANDLY_API_KEY"])
    add(f, "shipstation", lambda: s(HEX, 32), ["SHIPSTATION_API_SECRET"])
    add(f, "aftership", lambda: "asat_" + s(HEX, 32), ["AFTERSHIP_API_KEY"])
    add(f, "etsy", lambda: s(LALNUM, 24), ["ETSY_API_KEY", "ETSY_KEYSTRING"])
    add(f, "ecwid", lambda: "secret_" + s(ALNUM, 32), ["ECWID_SECRET_TOKEN"])
    add(f, "bamboohr", lambda: s(HEX, 40), ["BAMBOOHR_API_KEY"])
    add(f, "getresponse", lambda: s(LALNUM, 32), ["GETRESPONSE_API_KEY"])
    add(f, "moosend", u, ["MOOSEND_API_KEY"])
    add(f, "mailerlite", lambda: g.jwt_std("https://connect.mailerlite.com", aud="1", scopes=[]), ["MAILERLITE_API_KEY"])
    add(f, "smtp2go", lambda: "api-" + s(UHEX, 32), ["SMTP2GO_API_KEY"])
    add(f, "signalwire", lambda: "PT" + s(HEX, 48), ["SIGNALWIRE_TOKEN", "SIGNALWIRE_API_TOKEN"])
    add(f, "imagekit", lambda: "private_" + s(B64STD, 27) + "=", ["IMAGEKIT_PRIVATE_KEY"])
    return rows


if __name__ == "__main__":
    sys.exit(gb.table_main(providers, 4004, __doc__))
