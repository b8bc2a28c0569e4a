"""Attribution: who said what (quotes and their speakers), which outlets an article
cites, and which reports are independent of each other."""
