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
    f = "devtools-more"
    add(f, "lokalise", lambda: s(HEX, 40), ["LOKALISE_API_TOKEN"])
    add(f, "crowdin", lambda: s(HEX, 80), ["CROWDIN_PERSONAL_TOKEN"])
    add(f, "ansible-galaxy", lambda: s(HEX, 40), ["ANSIBLE_GALAXY_TOKEN"])
    add(f, "spacelift", lambda: s(ALNUM, 64), ["SPACELIFT_API_KEY_SECRET"])
    add(f, "lacework", lambda: "_" + s(HEX, 32), ["LW_API_SECRET"])
    add(f, "pingdom", lambda: s(URLSAFE, 71), ["PINGDOM_API_TOKEN"])
    add(f, "statuspage", u, ["STATUSPAGE_API_KEY"])
    add(f, "cronitor", lambda: s(HEX, 32), ["CRONITOR_API_KEY"])
    add(f, "koyeb", lambda: s(ALNUM, 64), ["KOYEB_TOKEN"])
    add(f, "pantheon", lambda: s(URLSAFE, 43), ["TERMINUS_MACHINE_TOKEN"])
    add(f, "platformsh", lambda: s(URLSAFE, 43), ["PLATFORMSH_CLI_TOKEN"])

    f = "commerce-more"
    add(f, "taxjar", lambda: s(HEX, 32), ["TAXJAR_API_KEY"])
    add(f, "gumroad", lambda: s(URLSAFE, 43), ["GUMROAD_ACCESS_TOKEN"])
    add(f, "printful", lambda: s(ALNUM, 40), ["PRINTFUL_API_TOKEN"])
    add(f, "activecampaign", lambda: s(HEX, 72), ["ACTIVECAMPAIGN_API_KEY"])
    add(f, "buttondown", u, ["BUTTONDOWN_API_KEY"])
    add(f, "harvest", lambda: g.digits(7) + ".pt." + s(URLSAFE, 86), ["HARVEST_ACCESS_TOKEN"])
    add(f, "clockify", lambda: s(ALNUM, 48), ["CLOCKIFY_API_KEY"])
    add(f, "eventbrite", lambda: s(UALNUM, 20), ["EVENTBRITE_PRIVATE_TOKEN"])
    add(f, "ticketmaster", lambda: s(ALNUM, 32), ["TICKETMASTER_API_KEY"])

    f = "social-regional"
    add(f, "wechat", lambda: s(HEX, 32), ["WECHAT_APP_SECRET"])
    add(f, "kakao", lambda: s(HEX, 32), ["KAKAO_REST_API_KEY"])
    add(f, "strava", lambda: s(HEX, 40), ["STRAVA_CLIENT_SECRET"])
    add(f, "fitbit", lambda: s(HEX, 32), ["FITBIT_CLIENT_SECRET"])
    add(f, "infobip", lambda: s(HEX, 32) + "-" + u(), ["INFOBIP_API_KEY"])
    add(f, "mux", lambda: s(B64, 75), ["MUX_TOKEN_SECRET"])
    add(f, "playfab", lambda: s(UALNUM, 52), ["PLAYFAB_SECRET_KEY"])
    add(f, "arcgis", lambda: "AAPK" + s(URLSAFE, 100), ["ARCGIS_API_KEY"])
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
