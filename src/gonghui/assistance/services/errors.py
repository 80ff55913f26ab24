class AidError(Exception):
    """A refused step; `messages` are Chinese sentences for the clerk, one per problem."""

    def __init__(self, messages):
        if isinstance(messages, str):
            messages = [messages]
        self.messages = list(messages)
        super().__init__("；".join(self.messages))
