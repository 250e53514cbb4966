"""Brands that sponsor creators and their domains; webmail, link hosts, risky file types."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# --------------------------------------------------------------------------------------------
# Brands and domains
# --------------------------------------------------------------------------------------------

_BRANDS: dict[str, tuple[str, ...]] = {
    # VPN, security, software and services
    "nordvpn": ("nordvpn.com", "nordsec.com", "nordpass.com", "nordlayer.com", "nordaccount.com"),
    "nordpass": ("nordpass.com", "nordsec.com", "nordvpn.com"),
    "expressvpn": ("expressvpn.com", "kape.com"),
    "surfshark": ("surfshark.com",),
    "incogni": ("incogni.com", "surfshark.com"),
    "private internet access": ("privateinternetaccess.com",),
    "cyberghost": ("cyberghostvpn.com", "cyberghost.com"),
    "proton": ("proton.me", "protonvpn.com", "protonmail.com", "proton.ch"),
    "bitdefender": ("bitdefender.com",),
    "norton": ("norton.com", "nortonlifelock.com", "gendigital.com"),
    "mcafee": ("mcafee.com",),
    "kaspersky": ("kaspersky.com",),
    "malwarebytes": ("malwarebytes.com",),
    "dashlane": ("dashlane.com",),
    "1password": ("1password.com",),
    "aura": ("aura.com",),
    "squarespace": ("squarespace.com",),
    "wix": ("wix.com",),
    "shopify": ("shopify.com",),
    "hostinger": ("hostinger.com",),
    "bluehost": ("bluehost.com",),
    "skillshare": ("skillshare.com",),
    "masterclass": ("masterclass.com",),
    "brilliant": ("brilliant.org",),
    "curiositystream": ("curiositystream.com",),
    "nebula": ("nebula.tv",),
    "audible": ("audible.com", "amazon.com"),
    "honey": ("joinhoney.com", "paypal.com"),
    "grammarly": ("grammarly.com",),
    "notion": ("notion.so", "makenotion.com", "notion.com"),
    "canva": ("canva.com",),
    "adobe": ("adobe.com",),
    "opera gx": ("opera.com",),
    "opera": ("opera.com",),
    "brave": ("brave.com",),
    "ground news": ("ground.news",),
    "babbel": ("babbel.com",),
    "duolingo": ("duolingo.com",),
    "betterhelp": ("betterhelp.com",),
    "calm": ("calm.com",),
    "headspace": ("headspace.com",),
    "raycon": ("rayconglobal.com", "raycon.com"),
    "established titles": ("establishedtitles.com",),
    # meal kits, health and grooming
    "manscaped": ("manscaped.com",),
    "hellofresh": ("hellofresh.com", "hellofreshgroup.com"),
    "factor": ("factor75.com", "factormeals.com", "hellofresh.com"),
    "ag1": ("drinkag1.com", "athleticgreens.com"),
    "athletic greens": ("drinkag1.com", "athleticgreens.com"),
    "huel": ("huel.com",),
    "magic spoon": ("magicspoon.com",),
    "liquid death": ("liquiddeath.com",),
    "keeps": ("keeps.com",),
    "hims": ("forhims.com", "hims.com"),
    "dollar shave club": ("dollarshaveclub.com",),
    "ridge": ("ridge.com",),
    "dbrand": ("dbrand.com",),
    "displate": ("displate.com",),
    "casetify": ("casetify.com",),
    "secretlab": ("secretlab.co", "secretlab.com"),
    "daniel wellington": ("danielwellington.com",),
    # games
    "raid shadow legends": ("plarium.com", "raidshadowlegends.com"),
    "plarium": ("plarium.com",),
    "war thunder": ("gaijin.net", "warthunder.com"),
    "gaijin": ("gaijin.net",),
    "world of tanks": ("wargaming.net", "worldoftanks.com"),
    "wargaming": ("wargaming.net",),
    "riot games": ("riotgames.com", "leagueoflegends.com"),
    "league of legends": ("riotgames.com", "leagueoflegends.com"),
    "valorant": ("riotgames.com", "playvalorant.com"),
    "epic games": ("epicgames.com", "unrealengine.com", "fortnite.com"),
    "fortnite": ("epicgames.com", "fortnite.com"),
    "ubisoft": ("ubisoft.com",),
    "ea": ("ea.com",),
    "electronic arts": ("ea.com",),
    "activision": ("activision.com", "activisionblizzard.com"),
    "blizzard": ("blizzard.com", "battle.net", "activisionblizzard.com"),
    "nintendo": ("nintendo.com", "nintendo.co.jp", "nintendo.net"),
    "sony": ("sony.com", "sony.net", "playstation.com", "sie.com"),
    "playstation": ("playstation.com", "sony.com", "sie.com"),
    "xbox": ("xbox.com", "microsoft.com"),
    "microsoft": ("microsoft.com", "xbox.com"),
    "valve": ("valvesoftware.com", "steampowered.com", "steamcommunity.com"),
    "steam": ("steampowered.com", "steamcommunity.com", "valvesoftware.com"),
    "hoyoverse": ("hoyoverse.com", "mihoyo.com", "hoyolab.com"),
    "mihoyo": ("mihoyo.com", "hoyoverse.com", "hoyolab.com"),
    "genshin impact": ("hoyoverse.com", "mihoyo.com", "hoyolab.com"),
    "tencent": ("tencent.com", "tencentgames.com", "levelinfinite.com"),
    "netease": ("netease.com", "neteasegames.com"),
    "supercell": ("supercell.com",),
    "rovio": ("rovio.com",),
    "roblox": ("roblox.com",),
    "minecraft": ("minecraft.net", "mojang.com", "microsoft.com"),
    "bandai namco": ("bandainamcoent.com", "bandainamco.com"),
    "square enix": ("square-enix.com", "square-enix-games.com"),
    "sega": ("sega.com",),
    "capcom": ("capcom.com",),
    "krafton": ("krafton.com", "pubg.com"),
    "rockstar games": ("rockstargames.com", "take2games.com"),
    "2k": ("2k.com", "take2games.com"),
    "bungie": ("bungie.net", "bungie.com"),
    # tech and gear
    "samsung": ("samsung.com",),
    "apple": ("apple.com",),
    "google": ("google.com", "youtube.com"),
    "youtube": ("youtube.com", "google.com"),
    "logitech": ("logitech.com", "logi.com", "logitechg.com"),
    "razer": ("razer.com", "razerzone.com"),
    "corsair": ("corsair.com", "elgato.com"),
    "elgato": ("elgato.com", "corsair.com"),
    "steelseries": ("steelseries.com",),
    "hyperx": ("hyperx.com", "hp.com"),
    "asus": ("asus.com", "rog.gg"),
    "msi": ("msi.com",),
    "nvidia": ("nvidia.com",),
    "amd": ("amd.com",),
    "intel": ("intel.com",),
    "anker": ("anker.com", "ankerdirect.com", "soundcore.com", "eufy.com"),
    "dji": ("dji.com",),
    "gopro": ("gopro.com",),
    "lenovo": ("lenovo.com",),
    "dell": ("dell.com", "alienware.com"),
    "alienware": ("alienware.com", "dell.com"),
    "hp": ("hp.com",),
    "acer": ("acer.com",),
    "lg": ("lg.com",),
    "sonos": ("sonos.com",),
    "bose": ("bose.com",),
    "jbl": ("jbl.com", "harman.com"),
    "shure": ("shure.com",),
    "rode": ("rode.com",),
    "nothing": ("nothing.tech",),
    "oneplus": ("oneplus.com",),
    "xiaomi": ("xiaomi.com", "mi.com"),
    "keychron": ("keychron.com",),
    "ecoflow": ("ecoflow.com",),
    "jackery": ("jackery.com",),
    "ugreen": ("ugreen.com",),
    # consumer brands
    "nike": ("nike.com",),
    "adidas": ("adidas.com",),
    "puma": ("puma.com",),
    "red bull": ("redbull.com",),
    "monster energy": ("monsterenergy.com",),
    "gfuel": ("gfuel.com", "gammalabs.com"),
    "prime hydration": ("drinkprime.com",),
    "celsius": ("celsius.com", "celsiusholdingsinc.com"),
    "coca-cola": ("coca-cola.com", "coca-colacompany.com", "coke.com", "cocacola.com"),
    "pepsi": ("pepsi.com", "pepsico.com"),
    "l'oréal": ("loreal.com",),
    "maybelline": ("maybelline.com", "loreal.com"),
    "cerave": ("cerave.com", "loreal.com"),
    "sephora": ("sephora.com",),
    "glossier": ("glossier.com",),
    "fenty beauty": ("fentybeauty.com",),
    "rare beauty": ("rarebeauty.com",),
    "charlotte tilbury": ("charlottetilbury.com",),
    "the ordinary": ("theordinary.com", "deciem.com"),
    "dove": ("dove.com", "unilever.com"),
    "gillette": ("gillette.com", "pg.com"),
    "old spice": ("oldspice.com", "pg.com"),
    "mcdonald's": ("mcdonalds.com",),
    "lego": ("lego.com",),
    "mattel": ("mattel.com",),
    "hasbro": ("hasbro.com",),
    "uniqlo": ("uniqlo.com",),
    "h&m": ("hm.com",),
    "zara": ("zara.com", "inditex.com"),
    "shein": ("shein.com",),
    "temu": ("temu.com",),
    "amazon": ("amazon.com",),
    "walmart": ("walmart.com",),
    "target": ("target.com",),
    "best buy": ("bestbuy.com",),
    "ikea": ("ikea.com",),
    "airbnb": ("airbnb.com",),
    "booking.com": ("booking.com",),
    "uber": ("uber.com",),
    "doordash": ("doordash.com",),
    "spotify": ("spotify.com",),
    "netflix": ("netflix.com",),
    "disney": ("disney.com", "disneyplus.com"),
    "tiktok": ("tiktok.com", "bytedance.com"),
    "meta": ("meta.com", "facebook.com", "instagram.com", "fb.com"),
    "instagram": ("instagram.com", "meta.com", "facebook.com"),
    "facebook": ("facebook.com", "meta.com", "fb.com"),
    "twitch": ("twitch.tv", "amazon.com"),
    "discord": ("discord.com", "discordapp.com"),
    # fintech and crypto
    "paypal": ("paypal.com",),
    "revolut": ("revolut.com",),
    "wise": ("wise.com", "transferwise.com"),
    "coinbase": ("coinbase.com",),
    "binance": ("binance.com",),
    "kraken": ("kraken.com",),
    "crypto.com": ("crypto.com",),
    "robinhood": ("robinhood.com",),
    "cash app": ("cash.app", "squareup.com", "block.xyz"),
    "klarna": ("klarna.com",),
    "stripe": ("stripe.com",),
    "visa": ("visa.com",),
    "mastercard": ("mastercard.com",),
    "american express": ("americanexpress.com", "aexp.com"),
    "monzo": ("monzo.com",),
    "chime": ("chime.com",),
    "etoro": ("etoro.com",),
    "webull": ("webull.com",),
    "ledger": ("ledger.com",),
    "public.com": ("public.com",),
}

#: Brand name (lower case) -> the registrable domains it legitimately sends mail and links from.
KNOWN_BRANDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {name: frozenset(domains) for name, domains in _BRANDS.items()}
)

#: Brand names that are ordinary words or first names: they only count as a mention when written
#: with a capital (and, in display names, next to a corporate word such as "Team").
_AMBIGUOUS_BRANDS = frozenset(
    {
        "aura", "brilliant", "nebula", "honey", "notion", "opera", "brave", "calm", "factor",
        "keeps", "ridge", "nothing", "rode", "dove", "target", "wise", "kraken", "stripe", "visa",
        "chime", "ledger", "meta", "discord", "twitch", "steam", "valve", "apple", "intel",
        "corsair", "anker", "audible", "celsius", "zara", "uber", "puma", "ground news", "proton",
        "sega", "dell", "nike", "lego", "norton", "amazon", "2k", "hp", "lg", "ea", "msi", "amd",
        "dji", "ag1", "h&m", "jbl", "cash app", "public.com", "booking.com", "crypto.com",
        "the ordinary", "temu", "wix", "hims", "huel", "bose", "acer", "asus", "headspace",
        "masterclass", "rare beauty",
    }
)  # fmt: skip

#: Platforms creators talk about all the time: naming one is not a claim to speak for it.
_PLATFORMS = frozenset(
    {"google", "youtube", "instagram", "facebook", "meta", "tiktok", "twitch", "discord",
     "steam", "spotify", "netflix", "amazon", "apple", "microsoft", "paypal", "shopify"}
)  # fmt: skip

#: Words a lookalike domain adds around a brand name.
_AFFIXES = frozenset(
    {
        "partners", "partner", "partnership", "partnerships", "creators", "creator", "collab",
        "collabs", "collaboration", "collaborations", "influencer", "influencers", "marketing",
        "team", "teams", "official", "promo", "promos", "promotion", "promotions", "sponsorship",
        "sponsorships", "sponsor", "sponsors", "ambassador", "ambassadors", "media", "pr", "hq",
        "global", "get", "join", "my", "the", "go", "try", "deals", "deal", "offers", "offer",
        "campaign", "campaigns", "agency", "group", "network", "support", "help", "careers",
        "jobs", "hr", "inc", "llc", "ltd", "corp", "brand", "brands", "studio", "studios", "app",
        "online", "mail", "email", "news", "connect", "portal", "hub", "pay", "payments",
        "rewards", "gift", "gifts", "verify", "secure", "login", "account", "center", "centre",
        "service", "services", "ads", "advertising", "affiliate", "affiliates", "program",
        "business", "corporate", "contract", "contracts", "legal", "games", "gaming", "shop",
        "store", "us", "uk", "eu", "int", "intl", "international", "world", "digital", "social",
        "community", "events", "talent", "content", "outreach", "relations",
    }
)  # fmt: skip

_AFFIX_LENGTHS = tuple(sorted({len(a) for a in _AFFIXES}))

#: Second-level labels that, under a two-letter country TLD, make a public suffix (co.uk...).
_SECOND_LEVEL = frozenset(
    {"co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "gob", "nic", "ltd", "plc",
     "gen", "biz", "info", "nom", "sch", "mil", "in", "firm", "web"}
)  # fmt: skip
_MULTI_SUFFIXES = frozenset({"com.de", "co.com", "us.com", "uk.com", "eu.com", "br.com"})
#: Two-letter TLDs that are sold as generic ones and abused for lookalikes.
_ABUSED_CC = frozenset(
    {"co", "io", "me", "ly", "to", "cc", "ws", "tk", "ml", "ga", "cf", "gq", "su", "vg", "gg",
     "tv", "ai", "sh", "so", "la", "fm", "am", "pw", "nu"}
)  # fmt: skip

#: Free mailbox providers (registrable domains).
FREE_WEBMAIL_DOMAINS: frozenset[str] = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "passport.com", "yahoo.com", "ymail.com", "rocketmail.com", "aol.com", "aim.com",
        "proton.me", "protonmail.com", "protonmail.ch", "pm.me", "icloud.com", "me.com",
        "mac.com", "gmx.com", "gmx.net", "gmx.de", "gmx.at", "gmx.ch", "mail.com", "email.com",
        "mail.ru", "inbox.ru", "list.ru", "bk.ru", "internet.ru", "yandex.ru", "yandex.com",
        "ya.ru", "rambler.ru", "zoho.com", "zohomail.com", "qq.com", "foxmail.com", "163.com",
        "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com", "aliyun.com", "web.de",
        "t-online.de", "freenet.de", "libero.it", "virgilio.it", "tiscali.it", "orange.fr",
        "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "btinternet.com", "sky.com",
        "tutanota.com", "tutanota.de", "tuta.io", "tuta.com", "hushmail.com", "fastmail.com",
        "mailfence.com", "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "onet.pl", "rediffmail.com",
        "naver.com", "daum.net", "hanmail.net", "uol.com.br", "bol.com.br", "terra.com.br",
        "ig.com.br", "tut.by", "ukr.net", "abv.bg", "yopmail.com", "guerrillamail.com",
        "mailinator.com", "10minutemail.com", "temp-mail.org", "cock.li", "disroot.org",
        "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "cox.net", "earthlink.net",
        "bigpond.com", "shaw.ca", "rogers.com",
    }
)  # fmt: skip
#: Registrable labels that are free webmail under any suffix (hotmail.fr, yahoo.co.uk...).
_WEBMAIL_LABELS = frozenset({"gmail", "hotmail", "outlook", "yahoo", "ymail", "live", "gmx",
                             "yandex", "aol", "icloud", "protonmail"})  # fmt: skip

#: Redirectors, link trackers and mail scanners: a link's target there says nothing.
_LINK_WRAPPERS = frozenset(
    {
        "mailchimp.com", "list-manage.com", "mcsv.net", "sendgrid.net", "hubspotlinks.com",
        "hubspot.com", "hs-sites.com", "hubspotemail.net", "mandrillapp.com", "mailgun.org",
        "mailgun.net", "sparkpostmail.com", "rs6.net", "ctctcdn.com", "klaviyo.com",
        "klclick.com", "klclick1.com", "klclick2.com", "klclick3.com", "convertkit-mail.com",
        "convertkit-mail2.com", "ck.page", "substack.com", "beehiiv.com", "mlsend.com",
        "mailerlite.com", "sendinblue.com", "brevo.com", "campaign-archive.com",
        "exacttarget.com", "salesforce.com", "pardot.com", "marketo.com", "outlook.com",
        "office.com", "urldefense.com", "proofpoint.com", "mimecast.com", "mimecastprotect.com",
        "google.com", "lnkd.in", "linkedin.com", "t.co", "awstrack.me", "amazonses.com",
        "emltrk.com", "lemlist.com", "mailtrack.io", "yesware.com", "mixmax.com", "streak.com",
        "superhuman.com", "intercom-clicks.com", "customeriomail.com", "createsend.com",
        "createsend1.com", "cmail19.com", "cmail20.com", "sailthru.com", "mjt.lu", "mailjet.com",
        "postmarkapp.com", "safelinks.protection.outlook.com", "barracudanetworks.com",
        "sophos.com", "trendmicro.com", "fireeyecloud.com", "bit.ly", "hubs.ly", "hubs.li",
        "sjv.io", "pxf.io", "7eer.net", "impact.com", "go2cloud.org", "shareasale.com",
        "awin1.com", "linksynergy.com", "anrdoezrs.net", "dpbolvw.net", "jdoqocy.com",
        "tkqlhce.com", "kqzyfj.com",
    }
)  # fmt: skip

#: Platforms that host brands on their own subdomains (``nordvpn.zendesk.com``).
_BRAND_SUBDOMAIN_HOSTS = frozenset(
    {"zendesk.com", "freshdesk.com", "zohodesk.com", "helpscoutapp.com", "intercom-mail.com",
     "myshopify.com", "force.com", "salesforce.com", "gorgias.help", "kustomerapp.com",
     "gladly.com", "hubspot.com", "hs-sites.com", "typeform.com", "notion.site"}
)  # fmt: skip

#: Hosts where "the file" of a scam usually lives.
_FILE_HOSTS = frozenset(
    {
        "drive.google.com", "drive.usercontent.google.com", "dropbox.com",
        "dropboxusercontent.com", "mega.nz", "mega.io", "mega.co.nz", "mediafire.com",
        "wetransfer.com", "we.tl", "onedrive.live.com", "1drv.ms", "sharepoint.com",
        "sendspace.com", "gofile.io", "anonfiles.com", "cdn.discordapp.com",
        "media.discordapp.net", "transfer.sh", "file.io", "pixeldrain.com", "catbox.moe",
        "terabox.com", "4shared.com", "zippyshare.com", "workupload.com", "krakenfiles.com",
        "filetransfer.io", "uploadnow.io", "send.cm", "box.com", "icloud.com", "yadi.sk",
        "disk.yandex.ru", "disk.yandex.com", "dosya.co", "ufile.io", "fromsmash.com",
        "swisstransfer.com", "filemail.com", "sendgb.com", "mixdrop.co", "bayfiles.com",
        "github.com", "githubusercontent.com", "gitlab.com", "sourceforge.net",
    }
)  # fmt: skip
_SHORTENERS = frozenset(
    {"bit.ly", "tinyurl.com", "goo.gl", "is.gd", "cutt.ly", "rebrand.ly", "shorturl.at",
     "rb.gy", "t.ly", "tiny.cc", "ow.ly", "buff.ly", "v.gd", "shorte.st", "adf.ly", "s.id",
     "bitly.com", "tiny.one", "lnkd.in", "qrco.de", "linktr.ee"}
)  # fmt: skip

_EXECUTABLE_EXTS = frozenset(
    {"exe", "scr", "com", "bat", "cmd", "msi", "msp", "js", "jse", "vbs", "vbe", "wsf", "wsh",
     "ps1", "psm1", "jar", "lnk", "hta", "apk", "xapk", "dmg", "pkg", "app", "iso", "img", "vhd",
     "vhdx", "reg", "cpl", "dll", "pif", "sh", "command", "scpt", "appx", "msix", "ws", "gadget",
     "inf", "application", "url", "library-ms", "settingcontent-ms", "xll", "chm", "one"}
)  # fmt: skip
_ARCHIVE_EXTS = frozenset({"zip", "rar", "7z", "tar", "gz", "tgz", "bz2", "xz", "ace", "cab",
                           "arj", "lzh", "lha", "z", "zipx", "r00", "001"})  # fmt: skip
_MACRO_EXTS = frozenset({"docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppam", "sldm"})
_HTML_EXTS = frozenset({"html", "htm", "shtml", "xhtml", "svgz", "mht", "mhtml"})
_DECOY_EXTS = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "rtf", "csv", "jpg", "jpeg",
     "png", "gif", "mp4", "mov", "mp3", "wav", "odt", "pages", "key", "numbers", "zip", "rar"}
)  # fmt: skip
_EXECUTABLE_TYPES = frozenset(
    {"application/x-msdownload", "application/x-msdos-program", "application/x-dosexec",
     "application/vnd.microsoft.portable-executable", "application/x-executable",
     "application/java-archive", "application/x-java-archive",
     "application/vnd.android.package-archive", "application/x-apple-diskimage",
     "application/x-ms-shortcut", "application/hta", "application/x-iso9660-image",
     "application/x-msi", "application/x-ms-installer", "application/x-bat",
     "application/x-sh", "application/x-vbscript", "text/vbscript", "application/x-mach-binary"}
)  # fmt: skip
_ARCHIVE_TYPES = frozenset(
    {"application/zip", "application/x-zip-compressed", "application/x-rar-compressed",
     "application/vnd.rar", "application/x-7z-compressed", "application/x-tar",
     "application/gzip", "application/x-gzip", "application/x-bzip2", "application/x-xz",
     "application/vnd.ms-cab-compressed", "application/x-ace-compressed"}
)  # fmt: skip
