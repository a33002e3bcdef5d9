"""Page objects: how a person operates each documented screen, in the manual's words."""
