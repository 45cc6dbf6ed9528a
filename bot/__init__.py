"""talkwatch: news alerts on the Iran–USA talks for Telegram and Slack chats."""

__version__ = "0.1.0"
