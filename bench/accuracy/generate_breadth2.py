#!/usr/bin/env python3
"""Generate a third accuracy corpus: the formats listed in bench/accuracy/gaps.md.

    python3 bench/accuracy/generate_breadth2.py --out /tmp/kl-breadth2 [--seed 34]

Same files, contexts, negatives and label format as generate_breadth.py (whose writer and project
layout it reuses), with another provider table and another default seed: public data APIs, web3
nodes and exchanges, mobile release and build tooling, self-hosted infrastructure, chat webhooks and
push services, Azure connection strings. Shapes come from each provider's documentation (prefix,
length, alphabet, the env var names its SDK or docs use), built at run time from prefix + alphabet +
length: this file holds no literal credential. `evaluate.py DIR --json R.json` then
`generate_breadth.py --by-family R.json …` prints the per-family table.
"""

import argparse
import sys

import generate_breadth as gb
from generate_breadth import ALNUM, B64, HEX, LALNUM, LOWER, UALNUM, UHEX, URLSAFE


def providers(g):
    s, u = g.s, g.uuid
    P = []

    def add(fam, pid, fn, names):
        P.append((fam, pid, fn, names))

    f = "data-apis"
    add(f, "openweathermap", lambda: s(HEX, 32), ["OPENWEATHER_API_KEY", "OPENWEATHERMAP_API_KEY"])
    add(f, "newsapi", lambda: s(HEX, 32), ["NEWS_API_KEY"])
    add(f, "tmdb", lambda: s(HEX, 32), ["TMDB_API_KEY"])
    add(f, "alpha-vantage", lambda: s(UALNUM, 16), ["ALPHA_VANTAGE_API_KEY"])
    add(f, "finnhub", lambda: s(LALNUM, 20), ["FINNHUB_API_KEY"])
    add(f, "polygon", lambda: s(ALNUM, 32), ["POLYGON_API_KEY"])
    add(f, "coinmarketcap", u, ["CMC_PRO_API_KEY", "COINMARKETCAP_API_KEY"])
    add(f, "pexels", lambda: s(ALNUM, 56), ["PEXELS_API_KEY"])
    add(f, "pixabay", lambda: g.digits(8) + "-" + s(HEX, 25), ["PIXABAY_API_KEY"])
    add(f, "deepl", lambda: u() + g.r.choice([":fx", ""]), ["DEEPL_AUTH_KEY", "DEEPL_API_KEY"])
    add(f, "ipinfo", lambda: s(HEX, 14), ["IPINFO_TOKEN"])
    add(f, "ipstack", lambda: s(HEX, 32), ["IPSTACK_ACCESS_KEY"])
    add(f, "scraperapi", lambda: s(HEX, 32), ["SCRAPERAPI_KEY"])
    add(f, "steam", lambda: s(UHEX, 32), ["STEAM_API_KEY", "STEAM_WEB_API_KEY"])
    add(f, "riot-games", lambda: "RGAPI-" + u(), ["RIOT_API_KEY"])
    add(f, "coingecko", lambda: "CG-" + s(ALNUM, 24), ["COINGECKO_API_KEY"])

    f = "web3"
    add(f, "etherscan", lambda: s(UALNUM, 34), ["ETHERSCAN_API_KEY"])
    add(f, "infura", lambda: s(HEX, 32), ["INFURA_API_KEY", "INFURA_PROJECT_ID"])
    add(f, "infura-url", lambda: "https://mainnet.infura.io/v3/" + s(HEX, 32), ["ETH_RPC_URL", "MAINNET_RPC_URL"])
    add(f, "alchemy", lambda: s(URLSAFE, 32), ["ALCHEMY_API_KEY"])
    add(f, "alchemy-url", lambda: "https://eth-mainnet.g.alchemy.com/v2/" + s(URLSAFE, 32), ["ALCHEMY_RPC_URL"])
    add(f, "pinata", lambda: s(HEX, 64), ["PINATA_SECRET_API_KEY"])
    add(f, "binance", lambda: s(ALNUM, 64), ["BINANCE_API_SECRET", "BINANCE_SECRET_KEY"])
    add(f, "kraken", lambda: s(B64, 86) + "==", ["KRAKEN_PRIVATE_KEY", "KRAKEN_API_SECRET"])
    add(f, "blockfrost", lambda: g.r.choice(["mainnet", "preprod", "preview"]) + s(ALNUM, 32), ["BLOCKFROST_PROJECT_ID"])

    f = "mobile-build"
    add(f, "apple-app-specific", lambda: "-".join(s(LOWER, 4) for _ in range(4)), ["FASTLANE_APPLE_APPLICATION_SPECIFIC_PASSWORD"])
    add(f, "codemagic", lambda: s(URLSAFE, 43), ["CODEMAGIC_API_TOKEN", "CM_API_TOKEN"])
    add(f, "bitrise", lambda: s(URLSAFE, 86), ["BITRISE_ACCESS_TOKEN"])
    add(f, "appcenter", lambda: s(HEX, 40), ["APPCENTER_API_TOKEN"])
    add(f, "revenuecat", lambda: "sk_" + s(ALNUM, 32), ["REVENUECAT_SECRET_API_KEY", "REVENUECAT_API_KEY"])
    add(f, "google-refresh", lambda: "1//0" + s(URLSAFE, 99), ["GOOGLE_REFRESH_TOKEN"])
    add(f, "develocity", lambda: "ge.example.com=" + s(LALNUM, 52), ["DEVELOCITY_ACCESS_KEY"])

    f = "self-hosted"
    add(f, "proxmox", u, ["PM_API_TOKEN_SECRET", "PROXMOX_TOKEN_SECRET"])
    add(f, "servarr", lambda: s(HEX, 32), ["SONARR_API_KEY", "RADARR_API_KEY", "PROWLARR_API_KEY"])
    add(f, "jellyfin", lambda: s(HEX, 32), ["JELLYFIN_API_KEY"])
    add(f, "plex", lambda: s(URLSAFE, 20), ["PLEX_TOKEN"])
    add(f, "truenas", lambda: g.digits(1) + "-" + s(ALNUM, 64), ["TRUENAS_API_KEY"])
    add(f, "k3s", lambda: "K10" + s(HEX, 64) + "::server:" + s(HEX, 32), ["K3S_TOKEN"])
    add(f, "docker-swarm", lambda: "SWMTKN-1-" + s(LALNUM, 50) + "-" + s(LALNUM, 25), ["SWARM_JOIN_TOKEN"])
    add(f, "nextcloud", lambda: "-".join(s(ALNUM, 5) for _ in range(5)), ["NEXTCLOUD_APP_PASSWORD"])

    f = "notifications"
    add(f, "dingtalk", lambda: "https://oapi.dingtalk.com/robot/send?access_token=" + s(HEX, 64), ["DINGTALK_WEBHOOK"])
    add(f, "feishu", lambda: "https://open.feishu.cn/open-apis/bot/v2/hook/" + u(), ["FEISHU_WEBHOOK_URL"])
    add(f, "wecom", lambda: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + u(), ["WECOM_WEBHOOK_URL"])
    add(f, "pushover", lambda: s(ALNUM, 30), ["PUSHOVER_APP_TOKEN", "PUSHOVER_TOKEN"])
    add(f, "pushbullet", lambda: "o." + s(ALNUM, 32), ["PUSHBULLET_ACCESS_TOKEN"])
    add(f, "ntfy", lambda: "tk_" + s(LALNUM, 29), ["NTFY_TOKEN"])
    add(f, "novu", lambda: s(HEX, 32), ["NOVU_API_KEY", "NOVU_SECRET_KEY"])
    add(f, "postmark-account", u, ["POSTMARK_ACCOUNT_TOKEN"])

    f = "azure"
    add(f, "app-configuration", lambda: "Endpoint=https://" + s(LALNUM, 8) + ".azconfig.io;Id=" + s(ALNUM, 12) + ";Secret=" + s(B64, 43) + "=",
        ["AZURE_APPCONFIG_CONNECTION_STRING"])
    add(f, "signalr", lambda: "Endpoint=https://" + s(LALNUM, 8) + ".service.signalr.net;AccessKey=" + s(B64, 43) + "=;Version=1.0;",
        ["AZURE_SIGNALR_CONNECTION_STRING"])
    add(f, "communication", lambda: "endpoint=https://" + s(LALNUM, 8) + ".communication.azure.com/;accesskey=" + s(B64, 86) + "==",
        ["COMMUNICATION_SERVICES_CONNECTION_STRING"])
    add(f, "ai-search", lambda: s(ALNUM, 52), ["AZURE_SEARCH_ADMIN_KEY", "AZURE_SEARCH_KEY"])
    add(f, "ai-services", lambda: s(HEX, 32), ["AZURE_SPEECH_KEY", "AZURE_TRANSLATOR_KEY"])
    return P


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory (OUT/files is replaced)")
    ap.add_argument("--seed", type=int, default=34)
    args = ap.parse_args()
    gb.providers = providers  # build() reads the table through the module
    gb.generate(args.out, args.seed)
    return 0

if __name__ == "__main__":
    sys.exit(main())
