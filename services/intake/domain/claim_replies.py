"""The SMS sent back for each outcome, in Arabic then French (one message: the gateway sends
it to the number the claim came from). Short, because an SMS is 70 Arabic characters a part."""

from __future__ import annotations

from services.intake.domain.relief_claim import ClaimOutcome

REPLIES: dict[ClaimOutcome, tuple[str, str]] = {
    ClaimOutcome.RECEIVED: (
        "توصلنا بطلبكم للدعم. سيتم إشعاركم بالقرار.",
        "Demande d'aide reçue. Vous serez informé de la décision.",
    ),
    ClaimOutcome.RECEIVED_AWAITING_RECORD: (
        "توصلنا بطلبكم. سيُدرس بعد إحصاء الأضرار التي لحقت بأسرتكم.",
        "Demande reçue. Elle sera étudiée après le recensement des dégâts de votre foyer.",
    ),
    ClaimOutcome.ALREADY_RECEIVED: (
        "طلبكم مسجل من قبل، لا داعي لإعادة الإرسال.",
        "Votre demande est déjà enregistrée, inutile de la renvoyer.",
    ),
    ClaimOutcome.NOT_UNDERSTOOD: (
        "لم نفهم الرسالة. أرسلوا رقم البطاقة الوطنية وتاريخ الازدياد، مثال: AB123456 12/03/1975",
        "Message non compris. Envoyez votre CIN et date de naissance, ex: AB123456 12/03/1975",
    ),
    ClaimOutcome.NOT_FOUND: (
        "لم نجد تسجيلا بهذه المعطيات. يرجى التوجه إلى مندوبية التعاون الوطني.",
        "Aucun dossier avec ces données. Adressez-vous à la délégation de l'Entraide Nationale.",
    ),
    ClaimOutcome.NO_HOUSEHOLD: (
        "لا توجد أسرة مسجلة باسمكم. يطلب الدعم رب الأسرة.",
        "Aucun foyer enregistré à votre nom. L'aide est demandée par le chef de foyer.",
    ),
    ClaimOutcome.NOT_DECLARED: (
        "مسكن أسرتكم خارج المناطق المعلنة منكوبة.",
        "Votre foyer est hors des zones déclarées sinistrées.",
    ),
}


def reply_to(outcome: ClaimOutcome) -> str:
    arabic, french = REPLIES[outcome]
    return f"{arabic}\n{french}"
