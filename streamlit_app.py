"""Router: page config, sign-in, and the navigation the member's roles allow."""

import streamlit as st

from assistant import ui

st.set_page_config(page_title="Executive presence assistant", page_icon=":material/campaign:", layout="wide")

actor = ui.signed_in_actor()
if actor is None:
    navigation = st.navigation([st.Page(ui.sign_in_page, title="Sign in", icon=":material/login:")])
else:
    ui.sidebar_identity(actor)
    navigation = st.navigation([st.Page(p.path, title=p.title, icon=p.icon) for p in ui.pages_for(actor.roles)])
navigation.run()
